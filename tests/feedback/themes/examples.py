"""Answers with clear themes (parking, phones, waiting), shared by the theme review tests."""

PARKING = [
    "Parking at the hospital is impossible and the car park costs too much money.",
    "There is never any parking near the clinic, the car park is always full.",
    "Car parking charges are too high for visitors and for patients.",
    "The parking is terrible, I drove around the car park for ages.",
    "Free parking for carers would help, the car park is expensive.",
    "Parking spaces are taken by staff so the car park is full for patients.",
]
PHONE = [
    "I could never get through on the phone line, it rings forever.",
    "The phone system cuts you off and nobody answers the phone line.",
    "Please answer the phone, the phone line is engaged all day long.",
    "Getting through on the phone line takes an hour every morning.",
    "Nobody picks up the phone and the phone line message is confusing.",
    "The phone line closes at four so I cannot call after work.",
]
WAITING = [
    "The waiting list for therapy is far too long, I waited nine months.",
    "Waiting times for a first appointment are far too long for young people.",
]

# Waiting answers for and against a proposal, each in different words (identical answers
# would be one campaign, counted once).
WAITING_SUPPORT = [
    "I support the plan because the wait for my son was far too long.",
    "We welcome the proposal, waiting eight months for therapy is wrong.",
    "Good idea: the waiting list at the old clinic never moved.",
    "I agree with merging them if it cuts the wait for a first appointment.",
    "Sounds sensible to me, anything that shortens waiting times for carers.",
    "I fully support this, my mum waited a year to see a psychiatrist.",
]
WAITING_OPPOSE = [
    "I oppose the plan: the wait for buses to the new site would be hours.",
    "Please don't close the clinic in Acton, we already wait too long for help.",
    "I disagree with the merger because waiting lists will grow further.",
    "Bad idea, the waiting room will be packed and people will give up.",
    "We object to this, the waiting time for a callback is already six weeks.",
]
