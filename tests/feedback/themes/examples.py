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
