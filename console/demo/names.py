"""Malaysian names and the languages that go with them, so the demo floor reads like a real KL floor.

A person is drawn from one community (Malaysian Chinese, Malay, Indian, expat); the community decides how
the name is built (surname first; "bin"/"binti"; "a/l"/"a/p") and which languages the person speaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHINESE_SURNAMES = (
    "Tan",
    "Lim",
    "Lee",
    "Ng",
    "Wong",
    "Chan",
    "Ong",
    "Goh",
    "Teh",
    "Chong",
    "Yap",
    "Leong",
    "Koh",
    "Low",
    "Cheah",
    "Khoo",
    "Chin",
    "Foo",
    "Lau",
    "Liew",
    "Yeoh",
    "Loh",
    "Choo",
    "Tey",
    "Siow",
    "Heng",
    "Soh",
)
# Hanyu-pinyin and Cantonese/Hokkien romanisations, as they appear on Malaysian identity cards.
CHINESE_GIVEN = (
    "Wei Ming",
    "Mei Ling",
    "Jia Hui",
    "Kah Wai",
    "Zi Xuan",
    "Yi Ting",
    "Chee Keong",
    "Kar Mun",
    "Wai Kit",
    "Siew Ling",
    "Hui Min",
    "Jun Hao",
    "Kok Leong",
    "Pei Shan",
    "Xin Yi",
    "Boon Hock",
    "Li Ting",
    "Yong Sheng",
    "Ka Yan",
    "Wing Kei",
    "Chun Kit",
    "Mun Yee",
    "Shu Fen",
    "Jia Wei",
    "Zhi Hao",
    "Ee Lin",
    "Soo Kuan",
    "Kai Xiang",
    "Hong Yi",
    "Sze Wei",
    "Yan Ting",
    "Choon Hoe",
    "Wen Jie",
    "Kit Yee",
    "Mei Qi",
    "Chia Hao",
)
CHINESE_ENGLISH = (
    "Jason",
    "Vivian",
    "Kelvin",
    "Michelle",
    "Alvin",
    "Rachel",
    "Marcus",
    "Joanne",
    "Darren",
    "Cheryl",
)
MALAY_MALE = (
    "Muhammad Hafiz",
    "Ahmad Faizal",
    "Mohd Azlan",
    "Amirul Hakim",
    "Muhammad Irfan",
    "Syafiq",
    "Khairul Anuar",
    "Aiman Danial",
    "Hakimi",
    "Firdaus",
    "Zulkifli",
    "Nazrul Izwan",
)
MALAY_FEMALE = (
    "Nur Aisyah",
    "Siti Nurhaliza",
    "Nurul Izzah",
    "Farah Nadia",
    "Aina Sofea",
    "Nur Syafiqah",
    "Hidayah",
    "Nor Azura",
    "Amira Batrisya",
    "Siti Khadijah",
    "Intan Suraya",
    "Dayang Nurfaizah",
)
MALAY_FATHERS = (
    "Rahman",
    "Abdullah",
    "Ismail",
    "Osman",
    "Hassan",
    "Yusof",
    "Ibrahim",
    "Razak",
    "Hamzah",
    "Ahmad",
    "Salleh",
    "Kamarudin",
    "Zakaria",
    "Mahmud",
)
INDIAN_MALE = ("Arun", "Suresh", "Ganesh", "Vignesh", "Kumaravel", "Rajesh", "Dinesh", "Prakash", "Hari")
INDIAN_FEMALE = ("Priya", "Kavitha", "Deepa", "Shalini", "Thivya", "Revathi", "Nisha", "Malini", "Yamuna")
INDIAN_FATHERS = (
    "Subramaniam",
    "Krishnan",
    "Muniandy",
    "Ramasamy",
    "Arumugam",
    "Selvaraj",
    "Nadarajah",
    "Perumal",
    "Govindasamy",
    "Rajendran",
)
# Expats: (given, family, languages) -- the family name is last.
EXPATS = (
    ("Daniel", "Fischer", {"en": "fluent"}),
    ("Sophie", "Laurent", {"en": "fluent"}),
    ("Kenji", "Watanabe", {"en": "working"}),
    ("Maria", "Santos", {"en": "fluent"}),
    ("Lan", "Tran", {"en": "working"}),
    ("James", "O'Connor", {"en": "native"}),
    ("Zhang", "Lei", {"zh": "native", "en": "working"}),
    ("Liu", "Yang", {"zh": "native", "en": "fluent"}),
    ("Ananya", "Sharma", {"en": "fluent"}),
    ("Chen", "Jing", {"zh": "native", "en": "working"}),
)
# Share of each community on the floor (KL hiring for a China-facing exchange leans Chinese-speaking).
COMMUNITIES = (("chinese", 0.52), ("malay", 0.28), ("indian", 0.13), ("expat", 0.07))


@dataclass(frozen=True)
class Person:
    full_name: str
    display_name: str
    community: str
    languages: dict[str, str]  # language -> native | fluent | working


def _pick(rng: np.random.Generator, pool: tuple[str, ...]) -> str:
    return pool[int(rng.integers(len(pool)))]


def _chinese(rng: np.random.Generator) -> Person:
    surname, given = _pick(rng, CHINESE_SURNAMES), _pick(rng, CHINESE_GIVEN)
    if rng.random() < 0.2:  # "Jason Tan Wei Ming": the English name is what colleagues use
        english = _pick(rng, CHINESE_ENGLISH)
        full, display = f"{english} {surname} {given}", f"{english} {surname[0]}."
    else:
        full, display = f"{surname} {given}", f"{given} {surname[0]}."
    langs = {"en": "fluent", "ms": "working" if rng.random() < 0.6 else "fluent"}
    if rng.random() < 0.9:  # most went to Chinese-medium schools
        langs["zh"] = "native" if rng.random() < 0.7 else "fluent"
    if rng.random() < 0.35:  # KL and Ipoh families speak Cantonese at home
        langs["yue"] = "native" if rng.random() < 0.6 else "fluent"
    return Person(full, display, "chinese", langs)


def _malay(rng: np.random.Generator) -> Person:
    male = rng.random() < 0.5
    given = _pick(rng, MALAY_MALE if male else MALAY_FEMALE)
    father = _pick(rng, MALAY_FATHERS)
    full = f"{given} {'bin' if male else 'binti'} {father}"
    short = (
        given.split()[-1]
        if given.split()[0] in ("Muhammad", "Mohd", "Nur", "Nurul", "Nor", "Siti", "Ahmad", "Dayang")
        else given
    )
    langs = {"ms": "native", "en": "fluent"}
    if rng.random() < 0.07:  # a few went to Chinese-medium schools
        langs["zh"] = "working"
    return Person(full, f"{short.split()[0]} {father[0]}.", "malay", langs)


def _indian(rng: np.random.Generator) -> Person:
    male = rng.random() < 0.5
    given = _pick(rng, INDIAN_MALE if male else INDIAN_FEMALE)
    father = _pick(rng, INDIAN_FATHERS)
    full = f"{given} {'a/l' if male else 'a/p'} {father}"
    langs = {"en": "fluent", "ms": "fluent"}
    if rng.random() < 0.8:
        langs["ta"] = "native"
    return Person(full, f"{given} {father[0]}.", "indian", langs)


def _expat(rng: np.random.Generator) -> Person:
    given, family, langs = EXPATS[int(rng.integers(len(EXPATS)))]
    if "zh" in langs:  # mainland Chinese order: family name first
        given, family = family, given
        return Person(f"{given} {family}", f"{family} {given[0]}.", "expat", dict(langs))
    return Person(f"{given} {family}", f"{given} {family[0]}.", "expat", dict(langs))


MAKERS = {"chinese": _chinese, "malay": _malay, "indian": _indian, "expat": _expat}


def draw_people(rng: np.random.Generator, count: int) -> list[Person]:
    """``count`` people with distinct full and display names."""
    names = [c for c, _ in COMMUNITIES]
    shares = np.array([s for _, s in COMMUNITIES])
    people: list[Person] = []
    seen_full: set[str] = set()
    seen_display: set[str] = set()
    while len(people) < count:
        community = names[int(rng.choice(len(names), p=shares / shares.sum()))]
        person = MAKERS[community](rng)
        if person.full_name in seen_full or person.display_name in seen_display:
            continue
        seen_full.add(person.full_name)
        seen_display.add(person.display_name)
        people.append(person)
    return people
