"""Equality monitoring questions, following the GSS harmonised standards for England."""

from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = ("prefer_not", _("Prefer not to say"))

AGE_BANDS = [
    ("under_18", _("Under 18")),
    ("18_24", _("18 to 24")),
    ("25_34", _("25 to 34")),
    ("35_44", _("35 to 44")),
    ("45_54", _("45 to 54")),
    ("55_64", _("55 to 64")),
    ("65_74", _("65 to 74")),
    ("75_plus", _("75 or over")),
    PREFER_NOT_TO_SAY,
]
SEX = [("female", _("Female")), ("male", _("Male")), PREFER_NOT_TO_SAY]
GENDER_IDENTITY_SAME = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT_TO_SAY]
# The 19 ethnic group categories for England (2021 Census), grouped under their headings.
ETHNICITY_GROUPS = [
    (
        _("White"),
        [
            ("white_british", _("English, Welsh, Scottish, Northern Irish or British")),
            ("white_irish", _("Irish")),
            ("white_gypsy_traveller", _("Gypsy or Irish Traveller")),
            ("white_roma", _("Roma")),
            ("white_other", _("Any other White background")),
        ],
    ),
    (
        _("Mixed or multiple ethnic groups"),
        [
            ("mixed_white_black_caribbean", _("White and Black Caribbean")),
            ("mixed_white_black_african", _("White and Black African")),
            ("mixed_white_asian", _("White and Asian")),
            ("mixed_other", _("Any other Mixed or multiple ethnic background")),
        ],
    ),
    (
        _("Asian or Asian British"),
        [
            ("asian_indian", _("Indian")),
            ("asian_pakistani", _("Pakistani")),
            ("asian_bangladeshi", _("Bangladeshi")),
            ("asian_chinese", _("Chinese")),
            ("asian_other", _("Any other Asian background")),
        ],
    ),
    (
        _("Black, Black British, Caribbean or African"),
        [
            ("black_african", _("African")),
            ("black_caribbean", _("Caribbean")),
            ("black_other", _("Any other Black, Black British or Caribbean background")),
        ],
    ),
    (
        _("Other ethnic group"),
        [("other_arab", _("Arab")), ("other_any", _("Any other ethnic group"))],
    ),
]
ETHNICITY = [choice for _group, choices in ETHNICITY_GROUPS for choice in choices] + [
    PREFER_NOT_TO_SAY
]
DISABILITY = [("yes", _("Yes")), ("no", _("No")), PREFER_NOT_TO_SAY]
RELIGION = [
    ("none", _("No religion")),
    ("christian", _("Christian")),
    ("buddhist", _("Buddhist")),
    ("hindu", _("Hindu")),
    ("jewish", _("Jewish")),
    ("muslim", _("Muslim")),
    ("sikh", _("Sikh")),
    ("other", _("Any other religion")),
    PREFER_NOT_TO_SAY,
]
SEXUAL_ORIENTATION = [
    ("straight", _("Straight or heterosexual")),
    ("gay_lesbian", _("Gay or lesbian")),
    ("bisexual", _("Bisexual")),
    ("other", _("Other sexual orientation")),
    PREFER_NOT_TO_SAY,
]
CARING = [
    ("no", _("No")),
    ("yes_up_to_9", _("Yes, 9 hours a week or less")),
    ("yes_10_19", _("Yes, 10 to 19 hours a week")),
    ("yes_20_34", _("Yes, 20 to 34 hours a week")),
    ("yes_35_49", _("Yes, 35 to 49 hours a week")),
    ("yes_50_plus", _("Yes, 50 or more hours a week")),
    PREFER_NOT_TO_SAY,
]

# field name -> (question as asked, options)
QUESTIONS = {
    "age_band": (_("What is your age?"), AGE_BANDS),
    "sex": (_("What is your sex?"), SEX),
    "gender_identity_same": (
        _("Is the gender you identify with the same as your sex registered at birth?"),
        GENDER_IDENTITY_SAME,
    ),
    "ethnicity": (_("What is your ethnic group?"), ETHNICITY),
    "disability": (
        _(
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?"
        ),
        DISABILITY,
    ),
    "religion": (_("What is your religion?"), RELIGION),
    "sexual_orientation": (
        _("Which of the following best describes your sexual orientation?"),
        SEXUAL_ORIENTATION,
    ),
    "caring": (
        _(
            "Do you look after, or give any help or support to, anyone because they have "
            "long-term physical or mental health conditions or illnesses, or problems related "
            "to old age?"
        ),
        CARING,
    ),
}
