"""The pattern rules (substitution, existence, acronym): planted problems, near misses, exact positions.

Each planted problem is found at the line and column of its first character in
the author's file; each correct form a hostile reviewer would try stays silent.
"""

from __future__ import annotations

import re._parser as sre_parse
from pathlib import Path

import pytest
from checkprobe import BODY_LINE, FRONT, check_body, check_project, make_project, where

from builder.check.rules import _required_literal, _starts_of
from builder.errors import ContentError

STYLE = {"country-name", "region-phrase", "gender-neutral", "gender-stereotype", "spelling", "eg-ie", "percent-sign"}


def locate(body: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Line and column (1-based, in the whole file) of the n-th ``needle`` in a body written after FRONT."""
    index = -1
    for _ in range(occurrence):
        index = body.index(needle, index + 1)
    line = body.count("\n", 0, index)
    column = index - (body.rfind("\n", 0, index) + 1) + 1
    return BODY_LINE + line, column


# --- country names ---------------------------------------------------------------------------------

COUNTRY_PROBLEMS = [
    # (sentence, offending text, suggestion, severity); a name that takes "the" in running text gets it
    ("Staff in Vietnam took part.", "Vietnam", "Viet Nam", "error"),
    ("Universities in Taiwan took part.", "Taiwan", "Taiwan province of China", "error"),
    ("A survey in Hong Kong followed.", "Hong Kong", "Hong Kong SAR, China", "error"),
    ("Then South Korea joined.", "South Korea", "the Republic of Korea", "error"),
    ("Iran joined later.", "Iran", "Iran (Islamic Republic of)", "error"),
    ("Colleges in Laos joined.", "Laos", "Lao PDR", "error"),
    ("Colleges in Laos PDR joined.", "Laos PDR", "Lao PDR", "error"),
    ("Officials of North Korea attended.", "North Korea", "the Democratic People's Republic of Korea", "error"),
    ("The Viet-Nam office replied.", "Viet-Nam", "Viet Nam", "error"),
    ("Schools in Burma reopened.", "Burma", "Myanmar", "error"),
    ("Schools in East Timor reopened.", "East Timor", "Timor-Leste", "error"),
    # "in" joins a name only after an office: a minister is no office
    ("The Minister of Education in Vietnam spoke.", "Vietnam", "Viet Nam", "error"),
    ("Schools in Timor Leste reopened.", "Timor Leste", "Timor-Leste", "error"),
    ("Colleges in Brunei reopened.", "Brunei", "Brunei Darussalam", "error"),
    ("Since 1985, Brunei has sent teachers abroad.", "Brunei", "Brunei Darussalam", "error"),  # after independence
    ("Brunei became independent in 1984.", "Brunei", "Brunei Darussalam", "error"),  # the new name from its first day
    ("A foundation based in Holland pays for the school.", "Holland", "the Netherlands", "error"),
    # a year of the sentence is no time of a clause of the present that names none
    (
        "The centre opened in 2016, and teachers from Turkey have taught there since.",
        "Turkey",
        "Türkiye",
        "warning",
    ),
    # a formal name with its short name in brackets is one name
    (
        "Grants from the Republic of China (Taiwan) grew.",
        "Republic of China (Taiwan)",
        "Taiwan province of China",
        "warning",
    ),
    ("Colleges in Macau reopened.", "Macau", "Macao, China", "error"),
    ("The Kyrgyz Republic signed.", "Kyrgyz Republic", "Kyrgyzstan", "error"),
    ("Russia signed.", "Russia", "The Russian Federation", "error"),
    ("Data for the Hong Kong SAR are missing.", "Hong Kong SAR", "Hong Kong SAR, China", "error"),
    ("Data for Hong Kong, China are missing.", "Hong Kong, China", "Hong Kong SAR, China", "error"),
    (
        "Data for Iran, Islamic Republic of are missing.",
        "Iran, Islamic Republic of",
        "Iran (Islamic Republic of)",
        "error",
    ),
    ("Data for Taiwan, China are missing.", "Taiwan, China", "Taiwan province of China", "error"),
    ("Tables list Korea, Rep. twice.", "Korea, Rep.", "the Republic of Korea", "error"),
    ("Data for Hong Kong SAR (China) are missing.", "Hong Kong SAR (China)", "Hong Kong SAR, China", "error"),
    (
        "Data for Taiwan (Province of China) are missing.",
        "Taiwan (Province of China)",
        "Taiwan province of China",
        "error",
    ),
    ("Data for Iran (Islamic Rep. of) are missing.", "Iran (Islamic Rep. of)", "Iran (Islamic Republic of)", "error"),
    ("The Socialist Republic of Vietnam signed.", "Vietnam", "Viet Nam", "error"),
    ("Vietnam-based providers grew.", "Vietnam", "Viet Nam", "error"),
    ("**Vietnam** and _Hong Kong_ were first.", "Vietnam", "Viet Nam", "error"),
    ("In post-colonial Vietnam schools grew.", "Vietnam", "Viet Nam", "error"),  # not a former name
    ("## Vietnam Country Review", "Vietnam", "Viet Nam", "error"),  # a title-case heading is no name
    # written in capitals, as headings and datelines write names: the fix keeps the capitals
    ("## HIGHER EDUCATION IN VIETNAM", "VIETNAM", "VIET NAM", "error"),
    ("HONG KONG, CHINA – Universities announced new programmes.", "HONG KONG, CHINA", "HONG KONG SAR, CHINA", "error"),
    ("## SOUTH KOREA AND JAPAN", "SOUTH KOREA", "REPUBLIC OF KOREA", "error"),
    # ambiguous words: warnings, never fixed automatically
    ("Korea has many providers.", "Korea", "Republic of Korea", "warning"),
    ("Turkey signed too.", "Turkey", "Türkiye", "warning"),
    ("Micronesia is a sub-region and a country.", "Micronesia", "Micronesia (Federated States of)", "warning"),
    (
        "Members are Fiji, French Polynesia, Micronesia and Nauru.",
        "Micronesia",
        "Micronesia (Federated States of)",
        "warning",
    ),  # a territory's name, not the subregion beside it
    ("Macao took part.", "Macao", "Macao, China", "warning"),
    # a year after the change of name, or "since" (which reaches the present): today's name
    ("Since the reforms of 1986, Laos has opened its economy.", "Laos", "Lao PDR", "error"),
    ("Laos has been a one-party state since 1975.", "Laos", "Lao PDR", "error"),
    ("Since the early 1990s students have gone to Russia.", "Russia", "the Russian Federation", "error"),
    ("Iran has grown since the mid-1970s.", "Iran", "Iran (Islamic Republic of)", "error"),
    # a sequence of countries, not an aside after the right name
    ("The team visited Thailand, then Burma, then Cambodia in 2019.", "Burma", "Myanmar", "error"),
    ("Laos, still a one-party state, has grown.", "Laos", "Lao PDR", "error"),  # no aside of the past
    ("Staff of Universiti Malaya visited Brunei.", "Brunei", "Brunei Darussalam", "error"),  # not in the name
    ("Before 1992, students from Russia came; they still come.", "Russia", "the Russian Federation", "error"),
    (
        "In the colonial era Hong Kong had one university; it has eight now.",
        "Hong Kong",
        "Hong Kong SAR, China",
        "error",
    ),  # the present too
    ("The ministry of Lao PDR and schools in Laos agreed.", "Laos", "Lao PDR", "error"),  # no year: no history
    # a longer sentence in a paragraph of the past, with a verb of the present or beside a word of the present
    (
        "Colleges opened in 1924 and 1946. Korea's universities recruit widely across the region.",
        "Korea",
        "Republic of Korea",
        "warning",
    ),
    (
        "Colleges opened in 1924 and 1946; they teach today. Schools in Korea were funded by fees.",
        "Korea",
        "Republic of Korea",
        "warning",
    ),
    (  # no verb of the past
        "Colleges opened in 1924 and 1946. Students in Korea need and exceed a hundred credits.",
        "Korea",
        "Republic of Korea",
        "warning",
    ),
    # a heading whose paragraph reaches the present
    ("## Burma\n\nIts universities opened in 1920 and now teach online.", "Burma", "Myanmar", "error"),
    ("## Burma\n\nSince 1990 its universities have closed twice.", "Burma", "Myanmar", "error"),
    # a list of the same kind under another heading
    ("## Further reading\n\n- Schools in Hong Kong", "Hong Kong", "Hong Kong SAR, China", "error"),
    # names used after the state was renamed or formed: the United Kingdom since 1801, Myanmar's name since 2010
    ("Staff came from Chile and Great Britain.", "Great Britain", "the United Kingdom", "error"),
    ("The members were Thailand and Union of Myanmar.", "Union of Myanmar", "Myanmar", "error"),
    # a heading that names the years after the change: the paragraph under it is of the new name's time
    (
        "## After 1991\n\nMany officials moved back to Russia and the schools closed.",
        "Russia",
        "the Russian Federation",
        "error",
    ),
    ("## Post-1991 change\n\nMany officials moved back to Russia.", "Russia", "the Russian Federation", "error"),
    ("## From 1991 onwards\n\nMany officials moved back to Russia.", "Russia", "the Russian Federation", "error"),
    # a paragraph that speaks of the present too
    (
        "In 1988 a foundation bought it; it is public now. Its share of students in Macau rose to 80%.",
        "Macau",
        "Macao, China",
        "error",
    ),
]


@pytest.mark.parametrize(("sentence", "wrong", "right", "severity"), COUNTRY_PROBLEMS)
def test_country_names_are_found_where_they_are_written(
    tmp_path: Path, sentence: str, wrong: str, right: str, severity: str
) -> None:
    body = "Some text first.\n\n" + sentence + "\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    line, column = locate(body, wrong)
    assert [(f.line, f.column, f.text, f.suggestion, f.severity) for f in found][:1] == [
        (line, column, wrong, right, severity)
    ]
    name = right.removeprefix("the ").removeprefix("The ")
    assert found[0].message == f"Use UNESCO's official name: {name}"


def test_a_country_in_someones_quoted_words_is_reported_though_a_quoted_title_is_not(tmp_path: Path) -> None:
    body = '"Students in Taiwan are keen," she said. They chose the "Study in Taiwan Scholarship Program" too.\n'
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.column, f.suggestion) for f in found] == [("Taiwan", 14, None)]  # reported, not rewritten


def test_a_short_quotation_after_a_quoted_title_is_no_quotation_of_someones_words(tmp_path: Path) -> None:
    body = 'They chose the "Study in Taiwan Scholarship Program" first. A poster said "visit Vietnam soon".\n'
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.suggestion) for f in found] == [("Vietnam", "Viet Nam")]  # three words: fixed as prose


CORRECT_NAMES = [
    "Hong Kong SAR, China",
    "Hong Kong SAR,\nChina, wrapped across two lines",
    "China, Hong Kong Special Administrative Region",
    "Iran (Islamic Republic of)",
    "the Islamic Republic of Iran",
    "Iranian and Vietnamese and Laotian and Taiwanese and Korean students",
    "South Korean and North Korean delegations",
    "Brunei Darussalam",
    "Republic of Korea",
    "Democratic People's Republic of Korea",
    "Democratic People’s Republic of Korea",
    "Lao PDR",
    "Lao People's Democratic Republic",
    "Viet Nam",
    "Taiwan province of China",
    "Taiwan Province of China",
    "Macao, China",
    "Micronesia (Federated States of)",
    "Timor-Leste",
    "Myanmar",
    "Türkiye",
    "Russian Federation and Kyrgyzstan",
    "the People's Republic of China",
    "a turkey sandwich",
]


@pytest.mark.parametrize("text", CORRECT_NAMES)
def test_official_names_and_adjectives_are_left_alone(tmp_path: Path, text: str) -> None:
    assert check_body(tmp_path, f"We met {text} at the meeting.\n", rules=STYLE) == []


NAMES_AS_WRITTEN = [
    # former states, where the text speaks of history
    "After 1954 the Kingdom of Laos founded a school for teachers.",
    "In 1965 the then Republic of Vietnam opened a university in Hue.",
    "Ministers of Laos, Thailand and the then Republic of (South) Vietnam met in Bangkok in 1965.",
    "The Democratic Republic of Vietnam built its own system.",
    "Schools in South Vietnam and North Vietnam differed.",
    "In the then Burma, universities closed several times.",
    "Myanmar (formerly Burma) reopened its campuses.",
    "In British Burma the University of Rangoon opened in 1920.",
    "In colonial Korea there was one university; the French protectorate of Laos had none.",
    "Samoa (then Western Samoa) opened a university, and the then East Timor had none.",
    "Samoa, then Western Samoa, became independent in 1962.",
    "The then Hong Kong Government asked for advice.",  # a marker that begins the sentence
    # a sentence that speaks only of the years before the name changed
    "In 1946 the French returned to Laos after the Japanese occupation.",
    "Students from Burma went to India in the 1960s and 1970s.",
    "In 1984 Hong Kong had two universities, and Macau had one from 1981.",
    "One of them spent 1988 in Thailand, then Burma.",
    # the years before a change, a time of the past, the right form beside the old name in a sentence with a year
    "Before 1991, students from Russia and Central Asia studied in Moscow.",
    "In the colonial era, Hong Kong's only university taught in English.",
    "Korea was divided in 1945, and the Republic of Korea was founded in 1948.",
    "- 2002: East Timor becomes independent as Timor-Leste.",
    # an aside of the name's time after it
    "Laos, then a French protectorate, had one lycée; Hong Kong (then a British colony) had two universities.",
    "By the 1970s Iran had a fast-growing system of universities.",
    "When Japanese rule ended in 1945, there was one university in Korea.",
    "## Persia and Iran",  # the old name and the new
    "In the 1990s the country was still called Burma by most of the world.",
    # a year right after the name decides for its own phrase
    "She taught in Hong Kong in the 1970s and led an institute there from 1997 to 2002.",
    # the year of the change itself: the old name was the name for part of it
    "- **1997** – Hong Kong is handed over to China.",
    "- **1975** – Members from Cambodia and Laos stop taking part; the office in Saigon closes in April.",
    # the title of a published work, cited with its year, and the same title again in italics
    "*Burma's Education Reform, 1948–1962* (Yangon: Gita Press, 2014) is long; *Burma's Education Reform* is good.",
    "*Teachers and the State in South Korea* (Seoul, 2021) compares pay.",
    # a title in a reference list, after the year; a title in quotation marks, cited with its year
    "- Soares, N. 2014. *Language and Schooling in East Timor*. Dili: TLSA.",
    "- Le, T. H. (2019). *Foreign Degrees and Local Jobs in\n  Vietnam*. Hanoi: Thế Giới.",
    '- Wiremu, A. 2021. "Exchange Students in Hong Kong". *Journal of Studies* 25 (4): 411–29.',
    'Her paper, "Credits That Travel: Exchange Students in Hong\nKong and Singapore" (2021), compared them.',
    'The study "Why students leave Vietnam" (Tran, 2020) asked them.',
    "- Tran, M. (2009) *Foreign Degrees in Vietnam*, Hanoi.",
    "- Aung, K. *Schools of Burma*. Yangon: Gita Press, 2014.",
    # a sentence that names other states or times of the past, and nothing of the present
    "Students from Burma, Siam and the Dutch East Indies came before the war, a few from Hong Kong.",
    "Korea under Japanese rule had common schools for Korean children; Hong Kong under British rule had two.",
    # a sentence with no year and nothing of the present takes the years of its paragraph
    "**The schools of Burma.** Its first governments built schools from 1948 to 1962 (Yangon, 2014).",
    # a longer sentence with a verb of the past, in a paragraph of the years before, that says nothing of the present
    "In 1911 the Government-General issued an ordinance. Schools for the Japanese in Korea were far better"
    " funded than those for Koreans.",
    "In 1908 the Resident-General took control of private schools. Many mission schools in Korea closed soon after.",
    # a heading with no year takes the years of the paragraph under it
    "## Burma\n\nThe University of Rangoon opened in 1920, and its students struck in the same year.",
    # the items of a list under "See also" are the titles of other articles
    "## See also\n\n- History of education in Korea\n- Education in Hong Kong",
    # words of the kingdom's time
    "The Pathet Lao opened schools of its own in the parts of Laos it held.",
    "Under Tsarist Russia there was no university in Central Asia; Soviet Russia built them.",
    "Modern universities in Korea date from the colonial period.",  # the peninsula before 1945
    # the name itself: quoted, or the old and the new name together
    'The English name changed from "Burma" to "Myanmar" in 1989.',
    "Its name in sports bodies changed from Hong Kong to Hong Kong, China.",
    "The country changed its name from Burma to Myanmar.",
    # names of institutions, places and events
    "Vietnam National University, Hanoi and the Vietnam-Japan University agreed.",
    "The Education University of Hong Kong and Hong Kong Baptist University agreed.",
    "Staff of Hong Kong\nBaptist University and of the University of\nHong Kong agreed.",
    "The Taipei Economic and Cultural Office in Hong Kong counted the students.",
    "The Embassy of Chile in Vietnam and the Japanese Consulate-General in Hong Kong gave grants.",
    "The Korea–Pacific Islands Cooperation Fund pays for research.",  # joined by an en dash
    "The United Nations Transitional Administration in East Timor ran the schools.",
    "National Taiwan University, Korea University and the Korea Foundation agreed.",
    "The Iran University of Science and Technology agreed.",
    "Universiti Teknologi Brunei and Politeknik Brunei grew.",  # the name word comes first in Malay
    "The Vietnam War ended in 1975; prices are given in Hong Kong dollars.",
    "Pupils sit the Hong Kong Diploma of Secondary Education; the Study Korea 300K Project recruits.",
    "## THE UNIVERSITY OF HONG KONG AND VIETNAM NATIONAL UNIVERSITY",
    "## REPUBLIC OF KOREA, HONG KONG SAR, CHINA AND VIET NAM",
    'University websites write "Taiwan (R.O.C.)" and sports bodies "Korea, South".',
    # forms that follow UN usage
    "Lists write Iran (the Islamic Republic of) and Micronesia (the Federated States of).",
    "Taiwan Province of China and Hong Kong SAR, China reported.",
    "The Pacific has three sub-regions, Melanesia, Micronesia and Polynesia.",
    "The university serves students from across the islands of Micronesia.",  # the subregion
    # the earlier kingdom, the full names that hold the wrong forms, and the old name in its own years
    "The Kingdom of Great Britain lasted from 1707 to 1800; the ships sailed round the island of Great Britain.",
    "The Republic of the Union of Myanmar and the United Kingdom of Great Britain and Northern Ireland signed.",
    "In 1997 the Union of Myanmar joined the association.",
    # a heading of a time that ends at the change: history, as before
    "## From 1985 to 1991\n\nMany officials moved back to Russia and the schools closed.",
    # a sentence with a number that is no year takes the years of its paragraph
    "In 1988 a foundation bought the college. The share of local students in Macau rose to above 80 per cent.",
    # names of offices, websites and bodies: a name word in the plural or after a title-case run, a summit's
    # countries in brackets inside its name
    "The network's Vietnam National Secretariat moved to Hue last year.",
    "The Study in Vietnam Web site lists courses, and so does the Learn Korea Portal.",
    "The agency runs twelve Vietnam Centers for Language Teaching and two Korea Offices abroad.",
    "The Third Regional (Japan-Korea-Mongolia) Summit met in 2011.",
    # the old name alone in brackets after the right one; kingdoms, conquests and a time long gone
    "Students came from Myanmar (Burma), Türkiye (Turkey) and the Republic of Korea (South Korea).",
    "In dynastic Burma the monasteries taught the boys of each village to read.",
    "When the British conquered Burma, they found a school in almost every village.",
    "A century ago, few people in Brunei could read or write.",
    "## History of Brunei schools\n\nThe first Malay school opened in 1912.",
    "Brunei was occupied from 1941 to 1945, and its schools closed.",
    "In 2016 the centre opened in Turkey, which had long taught the language.",  # the clause names the time
    # a plan named for the year it looks to, and a mission's administration named for the country
    "The reform is consistent with Wawasan Brunei 2035.",
    "In the 13th and 14th centuries the empire stretched from Persia to Korea.",  # a century long gone
    "Send it to the Vietnam Immigration Department or to the nearest Vietnam Embassy.",
    "UNTAET (the UN Transitional Administration for East Timor) reopened the schools.",
    "The ministry published a brief titled *Schools in Vietnam After the Floods* last year.",
    # the name of a programme in quotation marks, in title case
    'The ministry announced the "Study in Taiwan Scholarship and Language Enrichment Program" last year.',
]


@pytest.mark.parametrize("sentence", NAMES_AS_WRITTEN)
def test_former_states_names_and_un_forms_are_correct_as_written(tmp_path: Path, sentence: str) -> None:
    assert check_body(tmp_path, sentence + "\n", rules={"country-name"}) == []


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("The Ministry of Education and Training of Vietnam agreed.", "Vietnam"),  # part of another name
        ("Hong Kong students go abroad.", "Hong Kong"),  # 'Hong Kong SAR, China students' cannot stand
        ("Hong Kong-based firms grew.", "Hong Kong"),
        ("Hong Kong's universities recruit.", "Hong Kong"),
        ("Taiwan's universities recruit.", "Taiwan"),  # 'Taiwan province of China's' gives the 's to China
        ("Data from North and South Korea differ.", "South Korea"),  # the first name shares 'Korea'
        ("Staff from China, Hong Kong agreed.", "Hong Kong"),  # 'China, Hong Kong SAR, China'
        ("“Staff in Vietnam will need more lecturers”, one official said.", "Vietnam"),  # someone's words
        ('"Students in Vietnam will need more lecturers" (Tran, 2020).', "Vietnam"),  # words, not a title
        ('"Schools in Vietnam need Lecturers Today." (Tran, 2020)', "Vietnam"),  # a sentence ends there
        ('Growth slowed (ADB, 2021). "Staff in Vietnam need lecturers," she said.', "Vietnam"),  # a citation
        ('The law came in 2021. "Staff in Vietnam first" was its slogan.', "Vietnam"),  # no reference list
        # a name that describes a noun after an adjective: no comma or brackets there
        ("It was a warm, humid Hong Kong evening.", "Hong Kong"),
        # inside a compound joined by hyphens: no article, no longer form
        ("Ministers met at a 2012 Japan-China-South Korea summit.", "South Korea"),
    ],
)
def test_a_name_that_needs_rewording_is_reported_without_a_suggestion(
    tmp_path: Path, sentence: str, wrong: str
) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"country-name"})
    assert [(f.text, f.severity, f.suggestion) for f in found] == [(wrong, "error", None)]
    assert found[0].message.startswith("Use UNESCO's official name: ")


@pytest.mark.parametrize(
    ("sentence", "wrong", "suggestion"),
    [
        ("Their systems differ from those of South Korea.", "South Korea", "the Republic of Korea"),
        ("South Korea's universities recruit.", "South Korea", "The Republic of Korea"),
        ("Japan, South Korea and China agreed.", "South Korea", "the Republic of Korea"),
        ("| South Korea | 4 |\n|---|---|\n| Japan | 3 |", "South Korea", "Republic of Korea"),  # a table cell
        ("* South Korea\n* Japan", "South Korea", "Republic of Korea"),  # a list of names
        ("The Kyrgyz Republic and Kazakhstan agreed.", "Kyrgyz Republic", "Kyrgyzstan"),
        ("Data for the Federated States of Micronesia are missing.", "Federated States of Micronesia",
         "Micronesia (Federated States of)"),
        ("Students from Macau, China took part.", "Macau, China", "Macao, China"),
        ("Students from Macau SAR took part.", "Macau SAR", "Macao SAR, China"),
        ("## KAZAKHSTAN AND THE KYRGYZ REPUBLIC", "KYRGYZ REPUBLIC", "KYRGYZSTAN"),  # "THE" goes too
        ("SOUTH KOREA – Universities merged.", "SOUTH KOREA", "THE REPUBLIC OF KOREA"),
        ("Data for Micronesia are missing.", "Micronesia", "Micronesia (Federated States of)"),  # the country
        ("*Work placements in Vietnam's colleges.*", "Vietnam", "Viet Nam"),  # in italics, but cited nowhere
        ("*Colleges in Vietnam*: a list for 2024.", "Vietnam", "Viet Nam"),  # no publisher
        ("The schools of Burma are many. Its army took power in 1962.", "Burma", "Myanmar"),  # the present
        ("Burma's universities recruit on the coast and abroad. Its army took power in 1962.", "Burma", "Myanmar"),
        ("Students from Burma and Siam are many today.", "Burma", "Myanmar"),  # the present
        # the country of a city before it takes no article; a list of countries goes on with it
        ("The meeting was held in Seoul, South Korea.", "South Korea", "Republic of Korea"),
        ("Students in Japan, South Korea, and China agreed.", "South Korea", "the Republic of Korea"),
        # a day or a month after "on" is no part of a name
        ("Hong Kong on Monday opened a campus.", "Hong Kong", "Hong Kong SAR, China"),
        ("Taiwan on 3 May opened two centres.", "Taiwan", "Taiwan province of China"),
        # the noun after an adjective and the name is a verb or a preposition: the name is no adjective
        ("The humid Hong Kong of those years is gone.", "Hong Kong", "Hong Kong SAR, China"),
    ],
)  # fmt: skip
def test_the_suggestion_is_the_grammatical_form(tmp_path: Path, sentence: str, wrong: str, suggestion: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"country-name"})
    assert [(f.text, f.suggestion) for f in found] == [(wrong, suggestion)]


# --- region phrases -----------------------------------------------------------------------------------

REGION_PROBLEMS = [
    ("Recognition in the Asia-Pacific is uneven.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Providers grew in the Asia-Pacific.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Providers grew in the Asia-Pacific, and more.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("In the Asia-Pacific, providers grew.", "In the Asia-Pacific", "In the Asia-Pacific region"),
    ("Providers grew in the Asia-Pacific [@unesco2022].", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Providers grew in the Asia-Pacific (UNESCO, 2022).", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Growth in the Asia-Pacific's universities.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Growth in the Asia–Pacific, with an en dash.", "in the Asia–Pacific", "in the Asia-Pacific region"),
    ("Growth in the Asia Pacific was fast.", "in the Asia Pacific", "in the Asia-Pacific region"),
    ("Recognition in Asia Pacific is uneven.", "in Asia Pacific", "in Asia-Pacific"),
    ("In Asia Pacific countries it is uneven.", "In Asia Pacific", "In Asia-Pacific"),
    ("Recognition in the Asia Pacific region is uneven.", "in the Asia Pacific region", "in the Asia-Pacific region"),
    ("Growth in the\nAsia-Pacific is uneven.", "in the\nAsia-Pacific", "in the Asia-Pacific region"),
    ("Asia Pacific countries differ.", "Asia Pacific", "Asia-Pacific"),
    # a line break after the hyphen, and a verb in the past tense after the noun
    ("Growth in the Asia-\nPacific is uneven.", "in the Asia-\nPacific", "in the Asia-Pacific region"),
    ("Ratios in the Asia-\nPacific, which vary, rose.", "in the Asia-\nPacific", "in the Asia-Pacific region"),
    ("Enrolment in the Asia-Pacific doubled.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    # a space after the hyphen: a word broken at the end of a line and joined again with its hyphen
    ("Growth in the Asia- Pacific was fast.", "in the Asia- Pacific", "in the Asia-Pacific region"),
    ("Partners in the Asia- Pacific region agreed.", "Asia- Pacific region", "Asia-Pacific region"),
    ("Asia- Pacific countries differ.", "Asia- Pacific", "Asia-Pacific"),
    ("Spending across the Asia/Pacific rose.", "across the Asia/Pacific", "across the Asia-Pacific region"),
    ("Asia/Pacific economies grew.", "Asia/Pacific", "Asia-Pacific"),
    # the two forms run together: either may be meant, so nothing is fixed
    (
        "Training grew in the Asia and the Pacific region.",
        "the Asia and the Pacific region",
        "Asia and the Pacific or the Asia-Pacific region",
    ),
    ("Demand in the Asia-Pacific grew.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    # the noun after other prepositions, and a dash that is no hyphen
    ("Cooperation across the Asia-Pacific has grown.", "across the Asia-Pacific", "across the Asia-Pacific region"),
    ("Students from the Asia-Pacific, and others.", "from the Asia-Pacific", "from the Asia-Pacific region"),
    ("The Asia–Pacific region has no standard.", "Asia–Pacific region", "Asia-Pacific region"),
    ("Asia–Pacific countries differ.", "Asia–Pacific", "Asia-Pacific"),
    ("Systems in the Asia-Pacific vary widely.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Employers in the Asia-Pacific say so.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Its partners in the Asia-Pacific include NGOs.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("The Asia-Pacific contains many systems.", "The Asia-Pacific", "The Asia-Pacific region"),
    ("It is the Asia-Pacific's largest university.", "the Asia-Pacific's", "the Asia-Pacific region's"),
    # the noun after any other word: from "the"
    ("Students moved to the Asia-Pacific.", "the Asia-Pacific", "the Asia-Pacific region"),
    ("A strategy for the Asia-Pacific was written.", "the Asia-Pacific", "the Asia-Pacific region"),
    ("Mobility between the Asia-Pacific and Europe grew.", "the Asia-Pacific", "the Asia-Pacific region"),
    ("The Asia-Pacific is large.", "The Asia-Pacific", "The Asia-Pacific region"),
    ("Growth in the wider Asia-Pacific.", "the wider Asia-Pacific", "the wider Asia-Pacific region"),
    ("Since 2011 the Asia-Pacific has had a new convention.", "the Asia-Pacific", "the Asia-Pacific region"),
    ("The Asia Pacific’s universities grew.", "The Asia Pacific’s", "The Asia-Pacific region’s"),  # a space, too
    # brackets after the noun that are no name's acronym: a citation, one word before, letters of no word
    ("Data were scarce in the Asia-Pacific (UIS, 2016).", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Universities in the Asia-Pacific (UAP) grew.", "in the Asia-Pacific", "in the Asia-Pacific region"),
    ("Staff Teams in the Asia-Pacific (WXYZ) grew.", "in the Asia-Pacific", "in the Asia-Pacific region"),
]


@pytest.mark.parametrize(("sentence", "wrong", "right"), REGION_PROBLEMS)
def test_region_phrases_used_as_nouns_are_found(tmp_path: Path, sentence: str, wrong: str, right: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"region-phrase"})
    assert [(f.line, f.column, f.text, f.suggestion) for f in found] == [(*locate(sentence, wrong), wrong, right)]


def test_region_phrase_at_the_end_of_a_paragraph_is_found(tmp_path: Path) -> None:
    body = "Demand grew in the Asia-Pacific\n\nNext paragraph.\n"
    found = check_body(tmp_path, body, rules={"region-phrase"})
    assert where(found) == [("region-phrase", BODY_LINE, 13, "in the Asia-Pacific")]
    assert found[0].severity == "error"


CORRECT_REGIONS = [
    "Recognition in the Asia-Pacific region is uneven.",
    "Recognition in the Asia-Pacific\nregion is uneven.",
    "Recognition in Asia and the Pacific is uneven.",
    "Data for the East Asia and the Pacific region and for South Asia differ.",
    "The Asia/Pacific Cultural Centre for UNESCO (ACCU) met.",  # a name keeps its slash
    "Recognition in Asia-Pacific is uneven.",
    "Asia-Pacific countries differ.",
    "Work in the Asia-Pacific higher education sector differs.",
    "Staff in the Asia-Pacific Member States differ.",
    "The Asia-Pacific Regional Bureau for Education met.",
    "See the Asia Pacific Journal of Education for more.",
    "Asia Pacific Quality Network members meet once a year.",
    "Recognition in Asia-\nPacific is uneven.",
    "Students from the Asia-Pacific region and from the Asia-Pacific Quality Network agreed.",
    "Members of the Asia-Pacific Economic Cooperation forum met.",
    "Among the Asia-Pacific economies, some grew; a plan for the Asia-Pacific higher education area exists.",
    "The Asia-Pacific Regional Bureau for Education and the Asia-Pacific region agreed.",
    "Universities of the wider Asia-Pacific region and the whole Asia-Pacific higher education area agreed.",
    # the name of a body that the acronym in brackets after it stands for, also across a line break
    "It chairs the Network on Education Quality Monitoring in the Asia-Pacific (NEQMAP) this year.",
    "The Regional Centre for Heritage Education in the Asia-Pacific Region under the\nauspices of UNESCO (RCHEAP) met.",
    "- International Information and Networking Centre for Intangible Cultural Heritage in the Asia-Pacific\n"
    "  Region under the auspices of UNESCO (ICHCAP)\n- Another partner",
]


@pytest.mark.parametrize("sentence", CORRECT_REGIONS)
def test_allowed_region_forms_and_adjectives_are_left_alone(tmp_path: Path, sentence: str) -> None:
    assert check_body(tmp_path, sentence + "\n", rules=STYLE) == []


# --- gender-neutral language ------------------------------------------------------------------------

GENDER_PROBLEMS = [
    ("The chairman opened the meeting.", "chairman", "chair or chairperson", "error"),
    ("The Chairman opened the meeting.", "Chairman", "Chair or Chairperson", "error"),
    ("Policemen guarded the hall.", "Policemen", "Police officers", "error"),
    ("The spokesman said so.", "spokesman", "spokesperson or representative", "error"),
    ("Knowledge benefits mankind.", "mankind", "humanity or humankind", "error"),
    ("A shortage of manpower.", "manpower", "workforce or human resources or staff or personnel", "error"),
    ("Man-made materials.", "Man-made", "Artificial or Synthetic or Manufactured", "error"),
    ("The fireman came.", "fireman", "firefighter", "error"),
    ("Local herdsmen move cattle in spring.", "herdsmen", "herders", "error"),
    ("A herdsman keeps the flock.", "herdsman", "herder", "error"),
    ("A gentlemen’s agreement held.", "gentlemen’s agreement", "informal arrangement", "error"),
    ("The landlord agreed.", "landlord", "property owner or proprietor", "warning"),
    ("A woman doctor treated them.", "woman doctor", "doctor", "warning"),
    ("It met under the chairmanship of Malaysia.", "chairmanship", "chair or chairing or leadership", "error"),
    # a title is no name of a body, even when it names one
    ("The Chairman of the SEAMEO Council spoke.", "Chairman", "Chair or Chairperson", "error"),
    ("The ministry counts its manpower.", "manpower", "workforce or human resources or staff or personnel", "error"),
]


@pytest.mark.parametrize(("sentence", "wrong", "right", "severity"), GENDER_PROBLEMS)
def test_gendered_terms_are_found(tmp_path: Path, sentence: str, wrong: str, right: str, severity: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"gender-neutral"})
    assert [(f.line, f.column, f.text, f.suggestion, f.severity) for f in found] == [
        (*locate(sentence, wrong), wrong, right, severity)
    ]
    assert found[0].message == f"Use gender-neutral language: {right} instead of '{wrong}'"


CORRECT_GENDER = [
    "Centres for adolescent girls, run by women teachers, kept them in class.",  # the teachers' sex is the point
    "Teaching in the mother tongue helps.",
    "Mother tongue-based multilingual education works.",
    "The chairperson and the chair spoke; a spokesperson answered.",
    "Human resources and humanity; women and men; a woman and a man.",
    "The share of female teachers and male teachers rose.",
    "The University of Manchester and a German college.",
    "Workmanship is a noun here but sportsmanship is not listed.",
    "Herders and herding families moved to the summer pastures.",
    "Singapore's Ministry of Manpower and the Manpower Development Authority fund courses.",
]


@pytest.mark.parametrize("sentence", CORRECT_GENDER)
def test_gender_near_misses_are_left_alone(tmp_path: Path, sentence: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"gender-neutral", "gender-stereotype"})
    assert [f for f in found if f.text.lower() != "workmanship"] == []


def test_stereotyping_phrases_are_warnings_to_rewrite(tmp_path: Path) -> None:
    found = check_body(tmp_path, "This is women's work, they said.\n", rules={"gender-stereotype"})
    assert [(f.column, f.text, f.severity, f.message) for f in found] == [
        (9, "women's work", "warning", "Avoid the stereotyping phrase 'women's work': rewrite the sentence")
    ]


# --- spelling -----------------------------------------------------------------------------------------

SPELLING_PROBLEMS = [
    ("Staff organise workshops.", "organise", "organize"),
    ("Staff recognised it.", "recognised", "recognized"),
    ("The organisation grew.", "organisation", "organization"),
    ("Globalisation and more.", "Globalisation", "Globalization"),
    ("The internationalisation of study.", "internationalisation", "internationalization"),
    ("We analyze data.", "analyze", "analyse"),
    ("The center opened.", "center", "centre"),
    ("A new program started.", "program", "programme"),
    ("Labor markets changed.", "Labor", "Labour"),
    ("Their behavior changed.", "behavior", "behaviour"),
    ("Enrollment grew.", "Enrollment", "Enrolment"),
    ("Ten percent agreed.", "percent", "per cent"),
    ("The policymakers met.", "policymakers", "policy-makers"),
    ("A microcredential counts.", "microcredential", "micro-credential"),
    ("The Organisation decided.", "Organisation", "Organization"),
    ("We ORGANISE it.", "ORGANISE", "ORGANIZE"),
    ("The liberalisation of fees followed.", "liberalisation", "liberalization"),
    ("Marketisation brought agents.", "Marketisation", "Marketization"),
    ("The vocationalisations of schools differ.", "vocationalisations", "vocationalizations"),
    ("Governments privatised colleges.", "privatised", "privatized"),
    ("Few adults enroll.", "enroll", "enrol"),
    ("She enrolls every year.", "enrolls", "enrols"),
    # a prefix before the stem
    ("Every system reorganised its agency.", "reorganised", "reorganized"),
    ("Providers were unrecognised.", "unrecognised", "unrecognized"),
    ("They decolonised the curriculum.", "decolonised", "decolonized"),
    ("Labs are underutilised.", "underutilised", "underutilized"),
    ("Courses were non-specialised.", "non-specialised", "non-specialized"),
    ("Employers were skeptical at first.", "skeptical", "sceptical"),
    ("Schools share fiber links.", "fiber", "fibre"),
    ("Rather than centering teaching on skills, it reads.", "centering", "centring"),
    ("Rankings fall into a gray area.", "gray", "grey"),
    ("Her hair was graying.", "graying", "greying"),
    # "license" where it is the noun
    ("Every teacher needs a license.", "license", "licence"),
    ("Teaching licenses expire.", "licenses", "licences"),
    ("Nurses must first obtain a relevant license from the ministry.", "license", "licence"),
    # a term in capitals before the acronym that spells it is no name
    ("The Gross Enrollment Ratio (GER) rose.", "Enrollment", "Enrolment"),
    ("Schools lack teachers of physics, math and chemistry.", "math", "maths"),
    ("The old armory became a library.", "armory", "armoury"),
    ("A consultant pediatrician examined the pupils.", "pediatrician", "paediatrician"),
    ("- notarised copies of the diploma", "notarised", "notarized"),
    ("License holders renew it.", "License", "Licence"),
    ("It is released under an open\nlicense.", "license", "licence"),
    ("Most practicing teachers agreed.", "practicing", "practising"),
    ("She practiced law.", "practiced", "practised"),
    # a final l doubles, also after a prefix
    ("Funds were channeled to schools.", "channeled", "channelled"),
    ("Classes were canceled.", "canceled", "cancelled"),
    ("Data were relabeled.", "relabeled", "relabelled"),
    ("Travelers wait.", "Travelers", "Travellers"),
    ("Cross-border Programs grew.", "Programs", "Programmes"),  # the capital is the sentence's, not a name's
    # more stems of -ize, a noun with -ment and the units of the metric system
    ("Schools were randomised.", "randomised", "randomized"),
    ("Teachers empathise with pupils.", "empathise", "empathize"),
    ("Phones revolutionised study.", "revolutionised", "revolutionized"),
    ("Acknowledgments follow.", "Acknowledgments", "Acknowledgements"),
    ("Pupils walk five kilometers.", "kilometers", "kilometres"),
    ("It holds two liters.", "liters", "litres"),
    ("- Note: Labor markets changed.", "Labor", "Labour"),  # the value of a label: a sentence, not a name
    # more -ize stems, also after a prefix
    ("Several states criminalised begging.", "criminalised", "criminalized"),
    ("Others decriminalised it later.", "decriminalised", "decriminalized"),
    ("Few could read the romanised script.", "romanised", "romanized"),
    ("Staff felt demoralised.", "demoralised", "demoralized"),
    ("The curriculum was Americanised.", "Americanised", "Americanized"),
    ("Unions dramatised the dispute.", "dramatised", "dramatized"),
    ("Data were annualised.", "annualised", "annualized"),
    ("Social media was weaponised.", "weaponised", "weaponized"),
    ("Schools were pedestrianised.", "pedestrianised", "pedestrianized"),
    # -our, -re, -ence and a doubled l in more words
    ("Seasonal laborers built it.", "laborers", "labourers"),
    ("A colorless liquid spilled.", "colorless", "colourless"),
    ("The budget was meager.", "meager", "meagre"),
    ("National defenses were cut.", "defenses", "defences"),
    ("Costs kept spiraling.", "spiraling", "spiralling"),
    ("Each panelist spoke.", "panelist", "panellist"),
    ("It was skillfully taught.", "skillfully", "skilfully"),
    ("Records were cataloged.", "cataloged", "catalogued"),
    ("They switched from analog radio.", "analog", "analogue"),
    # a floor, in a compound with its number
    ("They built a three-story library.", "story", "storey"),
    ("A 12-story block went up.", "story", "storey"),
    ("Old two-storied houses line the street.", "storied", "storeyed"),
    ("A multistory car park.", "multistory", "multi-storey"),
]


@pytest.mark.parametrize(("sentence", "wrong", "right"), SPELLING_PROBLEMS)
def test_spelling_is_a_warning_with_the_british_oxford_form(
    tmp_path: Path, sentence: str, wrong: str, right: str
) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"spelling"})
    assert [(f.line, f.column, f.text, f.suggestion, f.severity) for f in found] == [
        (*locate(sentence, wrong), wrong, right, "warning")
    ]


CORRECT_SPELLING = [
    "The East-West Center (EWC) and the Pan Pacific Labor Council (PPLC) met.",  # names of bodies, with acronyms
    "Its Direct Aid Program (DAP) paid for wells.",  # a programme's name: its last word says what it is
    "We advise, comprise, exercise, revise, supervise, surprise and compromise.",
    "We analyse the analysis; we organize and recognize; the programme is recognized.",
    "A computer program and software programs.",
    "The Organisation for Economic Co-operation and Development published it.",
    "The Organisation for Economic\nCo-operation and Development published it.",
    "The Center for Global Development and the World Trade Center.",
    "- East-West Center\n- Asia-Pacific Center for Security Studies",  # a name that begins a list item
    "The Australian Labor Party and the US Department of Labor.",
    "Enterprises, premises and expertise; colours, labour and centres.",
    "A vigorous debate on humorous colonial labels.",
    "Improvisation and improvisations in music teaching.",
    "Students enrolled and are enrolling; enrolment grew; they enrol.",
    "They devise, revise and reprise a precise premise; the demise was disguised.",
    'Authors write "microcredential" or "micro credential", and "organisation" in old titles.',
    "Good practice and practices; they practise it.",
    "Councils license teachers; licensed teachers and licensing rules; the state will license them.",
    "Funds were channelled, classes cancelled, levels levelled and travellers labelled; fuel levels rose.",
    "A water meter and a parking meter; five kilometres and two litres; the literacy of literate adults.",
    # the value of a label in a box of facts is a name: "Awards: Labor Order"
    "- Awards: Labor Order, Third Class (1996)\n- Education: Center for Teacher Education, Manila",
    # a story is a tale; words that only look like a stem of -ize, or that are British already
    "The story of the school is told in stories and by a storyteller; a storied past.",
    "A Baptist college, a strategist, a moralist and a satirist; humorous, vigorous and laborious work.",
    "An honorary degree; an analogy and analogous cases; Colorado and the Labor Party.",
    "A motorist, a hypnotist and an atomist; an annual sector plan and a serial number.",
]


@pytest.mark.parametrize("sentence", CORRECT_SPELLING)
def test_spelling_near_misses_and_proper_names_are_left_alone(tmp_path: Path, sentence: str) -> None:
    assert check_body(tmp_path, sentence + "\n", rules={"spelling"}) == []


def test_published_titles_keep_their_words_for_every_prose_rule(tmp_path: Path) -> None:
    body = (
        "Their book *Universities in the Asia-Pacific* (2019) is long.\n\n"
        '- Teter, W. 2021. "Internationalization of Higher Education in the Asia-Pacific". *Journal* 23: 1–14.\n'
        "- Ahmed, S. 1979. *Manpower planning in Bangladesh*. Dhaka: University Press.\n"
        "- Chan, K. 2015. *Internationalisation and the university*. London: Routledge.\n"
    )
    assert check_body(tmp_path, body, rules=STYLE) == []


def test_italics_that_cite_nothing_are_still_checked(tmp_path: Path) -> None:
    body = "Staff stressed *internationalisation* and *manpower* in the Asia-Pacific.\n"
    found = check_body(tmp_path, body, rules=STYLE)
    assert [(f.rule, f.text) for f in found] == [
        ("spelling", "internationalisation"),
        ("gender-neutral", "manpower"),
        ("region-phrase", "in the Asia-Pacific"),
    ]


def test_title_case_headings_are_still_spell_checked(tmp_path: Path) -> None:
    found = check_body(tmp_path, "## Digital Skills and Recognising Them\n", rules={"spelling"})
    assert where(found) == [("spelling", BODY_LINE, 23, "Recognising")]


# --- words the checker must never read ------------------------------------------------------------------

NOT_PROSE = [
    "Use `Vietnam` in code and ``Hong `Kong` `` too.",
    "```\nVietnam in a fence\n```",
    "~~~ {.python}\nHong Kong = 1\n~~~",
    "    Vietnam in an indented code block",
    "See https://example.org/vietnam/hong-kong and www.vietnam.gov.vn today.",
    "See <https://vietnam.example.org> and write to info@vietnam.example.org now.",
    'A [link](https://example.org/Vietnam "Vietnam title") and a [reference][Vietnam].',
    '![A figure](assets/vietnam-taiwan.png){#fig:vietnam-map source="Hong Kong office"}',
    "As @vietnam2020 and [@hongkong2019, p. 4; @iran2021] and [-@vietnam2020] show.",
    "As @fig:vietnam-map and [@tbl:hong-kong] show.",
    "<!-- Vietnam and Hong Kong\nin a comment -->",
    '<span title="Vietnam">Viet Nam</span> in HTML.',
    "Footnote[^vietnam] mark.\n\n[^vietnam]: Viet Nam.",
    '[vietnam]: https://vietnam.example.org "Vietnam"',
    "## Viet Nam {#sec:vietnam .unnumbered}",
    '::: {.finding question="challenges" note="Vietnam"}\nViet Nam.\n:::',
    "Money: $5 in Vietnam is $5.",
]


@pytest.mark.parametrize("body", NOT_PROSE[:-1])
def test_code_urls_targets_attributes_keys_labels_and_comments_are_never_matched(tmp_path: Path, body: str) -> None:
    found = check_body(tmp_path, body + "\n", rules=STYLE)
    assert found == []


def test_the_first_line_of_a_note_is_prose(tmp_path: Path) -> None:
    body = "Text.[^1]\n\n[^1]: Data from Vietnam and PISA say\n    little about Laos.\n"
    found = check_body(tmp_path, body, rules=STYLE | {"acronym"})
    assert where(found) == [
        ("country-name", BODY_LINE + 2, 17, "Vietnam"),
        ("acronym", BODY_LINE + 2, 29, "PISA"),
        ("country-name", BODY_LINE + 3, 18, "Laos"),
    ]


def test_dollar_amounts_are_prose_not_math(tmp_path: Path) -> None:
    found = check_body(tmp_path, NOT_PROSE[-1] + "\n", rules={"country-name"})
    assert where(found) == [("country-name", BODY_LINE, 14, "Vietnam")]


def test_front_matter_is_never_matched(tmp_path: Path) -> None:
    chapter = "---\ntitle: Impacts in Vietnam and Hong Kong\nauthors: [A Chairman]\n---\n\nViet Nam.\n"
    make_project(tmp_path, {"10-chapter.md": chapter})
    assert [f for f in check_project(tmp_path) if f.rule in STYLE] == []


def test_publication_yaml_prose_is_checked_at_its_own_position(tmp_path: Path) -> None:
    make_project(tmp_path, {"10-chapter.md": FRONT + "Text.\n"})
    config = tmp_path / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("title: A probe publication", "title: Learning in Vietnam"))
    found = [f for f in check_project(tmp_path) if f.rule in STYLE]
    assert [(f.file, f.line, f.column, f.text) for f in found] == [("content/publication.yaml", 2, 20, "Vietnam")]


# --- positions: line endings, byte-order mark, tabs, wide characters ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        ("---\r\ntitle: T\r\n---\r\nIntro.\r\nStaff in Vietnam.\r\n", 5, 10),
        ("\ufeff---\ntitle: T\n---\nStaff in Vietnam.\n", 4, 10),
        ("\ufeff---\r\ntitle: T\r\n---\r\nStaff in Vietnam.", 4, 10),
        ("---\ntitle: T\n---\nA\tB\tin Vietnam.\n", 4, 8),
        ("---\ntitle: T\n---\nÉcole – “quoted” 😀 in Vietnam.\n", 4, 23),
    ],
    ids=["crlf", "bom", "bom-crlf-no-final-newline", "tabs", "non-ascii"],
)
def test_columns_count_characters_of_the_authors_line(tmp_path: Path, raw: str, line: int, column: int) -> None:
    make_project(tmp_path, {"10-chapter.md": raw})
    found = [f for f in check_project(tmp_path) if f.rule == "country-name"]
    assert where(found) == [("country-name", line, column, "Vietnam")]


# --- acronyms -----------------------------------------------------------------------------------------


def _acronyms(tmp_path: Path, chapters: dict[str, str]) -> list[tuple[str, int | None, int | None, str, str]]:
    make_project(tmp_path, chapters)
    return [(f.file, f.line, f.column, f.text, f.message) for f in check_project(tmp_path) if f.rule == "acronym"]


def test_acronym_used_before_it_is_spelled_out_is_reported_once_at_first_use(tmp_path: Path) -> None:
    found = _acronyms(
        tmp_path,
        {
            "10-a.md": FRONT + "Staff need CPD.\n\nMore CPD.\n",
            "20-b.md": FRONT + "Continuing professional development (CPD) is planned.\n",
        },
    )
    assert found == [
        (
            "content/10-a.md",
            4,
            12,
            "CPD",
            "Spell out 'CPD' at its first use: continuing professional development (CPD)"
            " (it is spelled out only later, at content/20-b.md:4)",
        )
    ]


def test_acronyms_follow_reading_order_not_file_names(tmp_path: Path) -> None:
    foreword = "---\ntitle: Foreword\nrole: foreword\n---\nThe Malaysian Qualifications Agency (MQA) agreed.\n"
    found = _acronyms(tmp_path, {"01-chapter.md": FRONT + "The MQA and the MQAs.\n", "99-foreword.md": foreword})
    assert found == []


@pytest.mark.parametrize(
    "body",
    [
        "A national information centre (NIC) works with other NICs and the NIC's partners.",
        "National information centres (NICs) work with each NIC.",
        "The NIC (national information centre) works with other NICs.",
        "Quality assurance (hereafter QA) matters; QA agencies agree.",
        "Quality assurance (‘QA’) matters; QA agencies agree.",
        "Continuing professional development (CPD) helps CPD-based careers.",
        "## CPD in headings does not count\n\nContinuing professional development (CPD) starts here.",
        "UNESCO and COVID-19, Lao PDR, Hong Kong SAR, Annex IV and Table II need nothing.",
        "The Sustainable Development Goals (SDGs) include SDG4 and SDG 4.",
        # a definition with more in its brackets
        "The Regional Training Centre (RTC, established 1998) trains staff; RTC courses are short.",
        "The Drug Advisory Programme (DAP, estd: 1973) met; DAP staff agreed.",
        "The Economic and Social Commission for Asia and the Pacific (**ESCAP** or\n**UNESCAP**) met; UNESCAP and"
        " ESCAP agreed.",
        "Researchers of the national university in Hanoi (VNU, Vietnam National University …) agreed; VNU did too.",
        "- ASEAN: Association of Southeast Asian Nations\n- SEAMEO – Southeast Asian Ministers of Education"
        " Organization\n\nASEAN and SEAMEO agree.",
        # capitals that are no acronyms
        "SUBJECT: fees\n\nUPDATED figures follow. TECHNICAL NOTE. The data are technical.",
        "**PART TWO: HIGHER EDUCATION IN ASIA AND THE PACIFIC**\n\nText follows.",
        "Fees of US$ 500, US$40 and HK$ 100 rose; articles in JSTOR; a room paid for by AT&T.",
        "The text is licensed under CC BY-SA 3.0 IGO, like (CC-BY-SA 3.0 IGO) others.",
        "Loans grew (ADB, 2022; OECD 2019).",
        "The Southeast Asian Ministers of Education Organization (SEAMEO) runs the Regional Centre for Higher"
        " Education and Development (SEAMEO RIHED); RIHED agreed.",
        # an ordinal before the acronym, and the first of two acronyms that the words before spell together
        "The Fourth Education Ministers Meeting (4th EMM) met after the Ninth Senior Officials Meeting on"
        " Education (9th SOM-ED); the 5th EMM and the next SOM-ED follow.",
        "The Association of Southeast Asian Nations (ASEAN) held the Second ASEAN Plus Three Education"
        " Ministers Meeting (2nd APT EMM); APT and EMM staff agreed.",
        # a number joined by a plus, and "also known as" in the brackets
        "The Senior Officials Meeting on Education (SOMED+3) met; SOMED+3 agreed.",
        "A student of Universitas Terbuka (also known as UT, Indonesia Open University) graduated; UT grew.",
        # a short name in the brackets: the acronym with a word of the name
        "States ratify the Asia-Pacific Regional Convention on the Recognition of Qualifications in Higher"
        " Education (the AP Convention); the AP Convention is in force.",
        "The Southeast Asian Ministers of Education Organization (SEAMEO) opened a Regional Centre for Lifelong"
        " Learning (SEAMEO\nCELLL); CELLL grew.",  # the line breaks after the prefix
        # a number in the brackets, words in quotation marks, the words inside the brackets before a comma
        "Sustainable Development Goal 4 (SDG 4) is the goal; SDG 4 targets follow.",
        'Reform began under the "New Economic Mechanism" (NEM); the NEM lasted.',
        "The National University of Timor-Leste (Universidade Nacional Timor Lorosa'e, UNTL) opened; UNTL grew.",
        "The Indira Gandhi National Open University – IGNOU, as it\nis usually called – grew; IGNOU teaches.",
        "The Open University of Sri Lanka, or OUSL for short, opened; OUSL grew.",
        # a name for the group of the names before it
        "Cambodia, Lao PDR, Myanmar and Viet Nam (the CLMV countries) joined; CLMV staff met.",
        # a compound of acronyms already spelled out
        "Quality assurance (QA) in the Asian University Network (AUN) follows the AUN-QA criteria.",
        # a label standing alone, datelines of news items, the authors of citations
        "ABBREVIATIONS\n\nThe list follows.",
        "SUVA – The council met.\n\nBANDAR SERI BEGAWAN – Two universities signed.",
        "Loans grew (UNICEF and ADB, 2021), and so did grants (OECD/World Bank 2007).",
        "PASIG CITY, 5 September 2024 – The council met.\n\nMANILA, Oct. 5, 2024 – It met again.",
        # a dateline with the country in small letters, or with the news agency in brackets after the date
        "APIA, Samoa – The ministers met.\n\nPORT VILA, Vanuatu, 3 May 2024 – Two schools opened.",
        "DHAKA, 12 June (Reef Wire) -- The bank approved a loan.\n\nMANILA, May 27 (Xinhua) -- It grew.",
        # two places joined by a slash, a month in capitals, a colon after the date
        "BANGKOK/KATHMANDU, 13 June 2022: Ministers met.\n\nHANOI, 8 AUGUST, 2014 – Ministers agreed.",
        # mixed case: defined, degrees, names, brands, units
        "The Department of Education (DepEd) agreed; DepEd's staff and the Ministry of Education and Training"
        " (MoET) met, and MoET signed.",
        "The Fourth Industrial Revolution (4IR) is near; 4IR skills follow.",
        "Dr Santos holds a PhD and an MSc; McKay and DeVos use PowerPoint, YouTube, iPads and GitHub.",
        "A 16GB phone, 3D printers, 5G and 4G networks, and classes at 9AM.",
        # the authors and publishers of a reference list
        "Prose.\n\n- Sharma, G. (2015). *A History*. Kathmandu: MK Publishers.\n- UGC Nepal (2020). *Report*. UGC.",
        "Prose.\n\nAung, K. *Schools of Burma*. Yangon: GP Press, 2014.\n\nMore prose.",
        # time zones and the abbreviations of notices
        "Applications close at 23:59 (GMT+7), 16:59 UTC; RSVP by 1 May; the venue is TBA, the date TBC; see the FAQs.",
        # eras after a year, and more degrees
        "Schools date from 111 BCE to 939 CE, a temple from 500 BC; she holds an LLB, an MPhil and an MBBS.",
        "She holds a BS in Education, an MS, an EdM and an MPH; the degrees (BA, BSc, BSS, BCom) follow.",
        # labels before a colon, at the start of a line or a sentence
        "FISCAL YEAR: 1 July to 30 June. CURRENCY: taka (BDT).\n\n**SOURCES:** project documents.",
        # words joined by a slash, each capital beginning one of them
        "Funds came from the European Union/EU and the Asian\nDevelopment Bank/ADB; the EU and ADB agreed.",
        "The MoE/Ministry of Education agreed; the MoE signed.",
        # "otherwise known as" after a dash; the initials of a name in another language
        "It funds science, technology, engineering and mathematics – otherwise known as STEM –\nand STEM staff.",
        "He founded the Bangladesh Rural Advancement Committee in 1972, now known as BRAC; BRAC grew.",
        # between commas after the words that spell it; the field of a centre after a prefixed acronym
        "The Korean Educational Development Institute, KEDI, was founded in 1972; KEDI grew.",
        "The Southeast Asian Ministers of Education Organization (SEAMEO) runs the SEAMEO Regional Open Learning"
        " Centre, or SEAMOLEC, which opened; SEAMOLEC grew.",
        "SEAMEO (the Southeast Asian Ministers of Education Organization) has a centre for Quality Improvement of"
        " Teachers and Education Personnel (SEAMEO QITEP in Language);"
        " QITEP trains teachers.",
        "Pupils sit the Malaysian Higher School Certificate (STPM in Malay); STPM results follow.",
        # a table row that gives the name in one cell and the acronym alone in another
        "| Name | Abbreviation | City |\n|---|---|---|\n| Universitas Negeri Kalimantan Timur | UNKT | Samarinda |\n"
        "| Universiti Malaysia Sarawak | UNIMAS | Kota Samarahan |\n\nUNKT and UNIMAS grew.",
        # "known by its initials": in another language, or of the words before
        "The Regional Council for Teacher Training, known by its French initials, CRFE, met; CRFE grew.",
        "The Asian Teacher Education Network, better known by its acronym ATEN, met; ATEN grew.",
        # a currency before an amount
        "Fees are RM 2,500 a year, or RM40,000.",
        # family names in capitals after a title, as lists of participants write them
        "- Dr Romyen KOSAIKANONT, Director;\n- Ms Marina PATRIER, Specialist;\n- Mr NGUYEN Van Tran, Dean.",
        "Prof. Aigerim SADYKOVA spoke.",
        "Contact: Miss Supeeranut BOONKERN; Professor Emeritus Sione TU'IPULOTU, Tonga.",
        # a family name of two or three words in capitals
        "| 09.30 | Keynote: Professor Aroha TE WHATA, University of Waikato |\n\nMs Maria DE LA CRUZ spoke.",
        "Aroha TE WHATA is a professor.\n\n- Jan VAN DER BERG, Dean",
        # family names in capitals after given names that begin a line of a biography or a list of speakers
        "Margaret OKAFOR is a professor.\n\nS. Mei-ling CHAN is Dean.\n\nKok-wai LIM leads the institute.",
        "- Karma YANGZOM, Bhutan\n- Sione TUPOU (Tonga)",
        # a family name in capitals after given names in a sentence, which the text also writes as a name
        "A study by Aroha WIREMU of a university found it.\n\n- Wiremu, A. 2021. *Credits*. Auckland.",
        # names of countries in capitals, as addresses write them
        "Write to 202 South Road, Shanghai 200031, P.R. CHINA, or to 920 Sukhumvit Road, Bangkok 10110, THAILAND.",
        # codes: courses with their numbers, reference numbers of hyphened digits
        "- EDU 501 Foundations\n- EDUC 6010 Research methods\n\nGrant No. RG-2026-117 pays.",
        "Applicants complete Form SF-3 and Forms AB-12.",
        # chemical formulas and measures of air
        "Schools cut CO2 emissions and measure PM2.5 and PM10.",
        # a word in capitals alone in quotation marks is a mention of the word
        'Do not use the word "SHORTAGE" in titles.',
        # a table of abbreviations defines its acronyms at once, in the order of the alphabet
        "| Abbreviation | Meaning |\n|---|---|\n| AQF | ASEAN Quality Forum |\n"
        "| ASEAN | Association of Southeast Asian Nations |\n| QA | quality assurance |\n\nASEAN and QA grew.",
        # "abbreviated as" after a semicolon in the brackets, and a dash with no spaces before the acronym
        "The University of Tarawa (Gilbertese: Univesiti Tarawa; abbreviated as UT or the college) grew; UT grew.",
        "The National University of Suai (Universidade Nacional de Suai—UNS) opened; UNS grew.",
    ],
)
def test_acronym_definitions_plurals_and_ignored_words(tmp_path: Path, body: str) -> None:
    assert _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("We use the LMS every day.", "LMS"),
        ("The two bodies (CPD, QA) agree.", "CPD"),
        ("Staff (see CPD) agree.", "CPD"),
        ("_TVET_ matters.", "TVET"),
        ("The G20 met in 2018.", "G20"),
        ("As an IGO, UNESCO works with states.", "IGO"),
        ("Staff (VNU, see below) agree.", "VNU"),
        ("A study by Aroha WIREMU of a university found it.", "WIREMU"),  # written nowhere else as a name
        ("Staff of the Tonga TVET plan, and Tvet in a title.", "TVET"),  # a known acronym is no family name
        ("The newer members (the CLMV countries) agree.", "CLMV"),  # the words do not spell it
        ("The regional office (ABC DEF) agreed.", "ABC"),  # the words before do not spell the two
        ("The regional fund (the XY Fund) grew.", "XY"),  # nor do they spell the short name's acronym
        ("The report (2nd ed.) cites the LMS.", "LMS"),  # an ordinal alone defines nothing
        ("The AUN-QA criteria apply.", "AUN-QA"),
        ("Staff of UNICEF and ADB met in 2021.", "UNICEF"),
        ("SUVA – the capital – has a campus.", "SUVA"),
        ("The word ABBREVIATIONS is in capitals.", "ABBREVIATIONS"),
        ("The university – IGNOU, as it is called – grew.", "IGNOU"),  # the words do not spell it
        # in mixed case, and a number with capitals
        ("Cambodia's MoEYS agreed.", "MoEYS"),
        ("The CHEd agreed.", "CHEd"),
        ("Two MoUs were signed.", "MoU"),
        ("Skills for the 4IR matter.", "4IR"),
        ("Loans came from the ADB: most of them.", "ADB"),  # a colon in a sentence makes no label
        ("Staff of the Ministry/HR agreed.", "HR"),  # a slash, but the words do not spell it
        ("Bank staff/ADB agreed.", "ADB"),
        ("It funds science – otherwise known as STEM – and more.", "STEM"),  # the words do not spell it
        ("Pupils sit the certificate (STPM in Education) first.", "STPM"),  # no language
        ("The RM team agreed.", "RM"),
        ("The CE office agreed in 2020.", "CE"),  # no year before it: no era
        ("Loans came from the bank, ADB, and others.", "ADB"),  # between commas, but the words do not spell it
        ("Staff (QITEP in Language) agree.", "QITEP"),
        ('The MK office grew (ADB, 2021). "We grew," she said.', "MK"),  # a citation, not a reference list
        ("Dr Lee of the ADB agreed.", "ADB"),  # not right after the title and the names
        ("The ASEAN is growing.", "ASEAN"),  # "The" is no given name
        ("Thai MOE officials agreed.", "MOE"),  # nor is a word of nationality, and no verb follows
        ("Regional SEAMEO staff, and more.", "SEAMEO"),
        ("Results of PISA 2018 and the SDG 4 targets.", "PISA"),  # a year is no course number
        ("Budgets for FY-2014 grew.", "FY-2014"),  # one number, and no word such as "Form": no code
        ('Staff of the "ADB" office and the LMS agree.', "LMS"),  # the quoted one is a mention
        ("| Eastern State University | UNKT | Samarinda |", "UNKT"),  # the other cells do not spell it
        ("| Universitas Negeri Kalimantan Timur | UNKT campus |", "UNKT"),  # not alone in its cell
        ("The council, known by its initials, CRFE, met.", "CRFE"),  # no language, and the words do not spell it
        # between commas in a list: only the name just before could spell it, not words further back
        ("UNESCO works with the national Red Cross society, UNAIDS, and two foundations.", "UNAIDS"),
        ("UNESCO in collaboration with Thai Red Cross, UNAIDS, Plan Thailand and others met.", "UNAIDS"),
        ("The ABC, Samoa – no dateline in small letters before the comma.", "ABC"),
        # a reference to a figure or a table in brackets is no definition
        ("Spending across the OECD (Figure 4.12) grew.", "OECD"),
        ("Rates in the UIS data (see Table 2) fell.", "UIS"),
    ],
)
def test_acronyms_without_a_definition_are_reported(tmp_path: Path, body: str, acronym: str) -> None:
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"})
    assert [(f[1], f[2], f[3]) for f in found][:1] == [(BODY_LINE, body.index(acronym) + 1, acronym)]


def test_a_table_of_abbreviations_without_a_row_of_its_own_for_the_acronym_does_not_define_it(tmp_path: Path) -> None:
    body = "| Abbreviation | Meaning |\n|---|---|\n| AQF | ASEAN Quality Forum |\n\nASEAN grew.\n"
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body})
    assert [(f[1], f[3]) for f in found] == [(BODY_LINE + 2, "ASEAN")]  # its first use, in the table


def test_a_line_inside_a_paragraph_is_no_entry_of_a_reference_list(tmp_path: Path) -> None:
    body = "Prose first.\n\nThe MK office grew,\nas Sharma, G. (2015). *A History* says, and\nmore prose follows.\n"
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body})
    assert [(f[1], f[3]) for f in found] == [(BODY_LINE + 2, "MK")]
    body = "Prose first.\n\nThe office grew,\nas Sharma, G. (2015). *A History of MK* says, and\nmore prose.\n"
    found = _acronyms(tmp_path / "two", {"10-a.md": FRONT + body})
    assert [(f[1], f[3]) for f in found] == [(BODY_LINE + 3, "MK")]


@pytest.mark.parametrize(
    "body",
    [
        "Across the region the NEET rate (young people not in education, employment or training) is high.",
        "Fewer girls choose the STEM fields (science, technology, engineering, and mathematics) at school.",
        "The TALIS survey (Teaching and Learning International Survey) asks teachers about their work.",
        "The LMS platforms (learning management systems) bought in 2020 are little used.",
    ],
)
def test_an_acronym_spelled_out_in_brackets_after_a_noun_is_defined(tmp_path: Path, body: str) -> None:
    assert _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The ASEAN members (Brunei Darussalam, Cambodia, Indonesia and Thailand) agreed.", "ASEAN"),
        ("The UNDP office (in Bangkok since 2010) agreed.", "UNDP"),
        ("The NEET rate (see the annex for the tables) is high.", "NEET"),  # the words in brackets spell no NEET
    ],
)
def test_words_in_brackets_after_a_noun_that_do_not_spell_the_acronym_define_nothing(
    tmp_path: Path, body: str, acronym: str
) -> None:
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"})
    assert [(f[2], f[3]) for f in found] == [(body.index(acronym) + 1, acronym)]


def test_plain_titles_and_publishers_in_a_reference_list_keep_their_words(tmp_path: Path) -> None:
    body = (
        "## References\n\n"
        "Fifita, L. (2023). Toward a teacher supply model for small island states. Suva: PPP Press.\n\n"
        "- Rahman, S. and Thu, A. M. (2021). Labor market outcomes of short courses. Dhaka: SRC.\n"
        "- Soares, N. 2014. The open textbook program in Dili. Dili: Lafaek.\n"
    )
    assert check_body(tmp_path, body, rules=STYLE) == []
    assert _acronyms(tmp_path / "two", {"10-a.md": FRONT + body}) == []


def test_a_reference_without_its_publisher_or_inside_a_paragraph_is_read_as_prose(tmp_path: Path) -> None:
    body = (
        "Fifita, L. (2023). Toward a teacher supply model.\n\n"
        "The first lines of prose,\nFifita, L. (2023). A labor model. Suva: Pacific Press.\nand more prose.\n"
    )
    found = [(f.line, f.text) for f in check_body(tmp_path, body, rules={"spelling"})]
    assert found == [(BODY_LINE, "Toward"), (BODY_LINE + 3, "labor")]


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("Some, e.g., the old ones.", "e.g.,", "e.g."),
        ("Some, eg the old ones.", "eg", "e.g."),
        ("Some, ie, the old ones.", "ie,", "i.e."),
        ("Some, e.g the old ones.", "e.g", "e.g."),
        ("Some, i.e, the old ones.", "i.e,", "i.e."),
        ("Some (e.g.: the old ones).", "e.g.:", "e.g."),
    ],
)
def test_eg_and_ie_take_full_stops_and_no_comma(tmp_path: Path, sentence: str, wrong: str, right: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"eg-ie"})
    assert [(f.line, f.column, f.text, f.suggestion) for f in found] == [(*locate(sentence, wrong), wrong, right)]


def test_eg_ie_near_misses_are_left_alone(tmp_path: Path) -> None:
    body = "See e.g. the list, i.e. these, at www.example.ie or info@site.ie and /ie/ pages.\n"
    assert check_body(tmp_path, body, rules={"eg-ie"}) == []


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("Between 40%–50% agreed.", "40%–50%", "40–50 per cent"),
        ("About 4-5% agreed.", "4-5%", "4-5 per cent"),
        ("About 36 % agreed.", "36 %", "36 per cent"),
    ],
)
def test_a_range_of_percentages_takes_per_cent_once(tmp_path: Path, sentence: str, wrong: str, right: str) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"percent-sign"})
    assert [(f.line, f.column, f.text, f.suggestion) for f in found] == [(*locate(sentence, wrong), wrong, right)]


def test_percentages_in_simple_tables_keep_their_sign_and_the_text_around_them_does_not(tmp_path: Path) -> None:
    body = (
        "Table: Shares {#tbl:shares}\n\n  Country     Share\n  ---------   ------\n  Fiji        45%\n"
        "  Samoa       12%\n\nFiji has 45% of them.\n\nA rule --- and 30% more.\n"
    )
    found = check_body(tmp_path, body, rules={"percent-sign"})
    assert [(f.line, f.text) for f in found] == [(locate(body, "45% of")[0], "45%"), (locate(body, "30%")[0], "30%")]


def test_the_brief_is_read_on_its_own_and_the_title_does_not_count(tmp_path: Path) -> None:
    brief = "---\ntitle: Brief\nrole: brief\n---\nThe CPD offer.\n"
    chapter = FRONT + "Continuing professional development (CPD) matters.\n"
    make_project(tmp_path, {"10-a.md": chapter, "95-brief.md": brief})
    config = tmp_path / "content" / "publication.yaml"
    config.write_text(config.read_text().replace("A probe publication", "CPD for TVET staff"))
    found = [(f.file, f.line, f.column) for f in check_project(tmp_path) if f.rule == "acronym"]
    assert found == [("content/95-brief.md", 5, 5)]


# --- quotations, possessives and names: reported or not, fixed or not -----------------------------------------


def test_cited_quotations_keep_their_words(tmp_path: Path) -> None:
    body = "As she wrote, “every chairman should organise the programme” [@rahim2022].\n"
    assert check_body(tmp_path, body, rules=STYLE) == []


def test_country_names_in_cited_quotations_are_still_reported(tmp_path: Path) -> None:
    body = "“Staff in Vietnam learned fast” [@rahim2022].\n"
    assert where(check_body(tmp_path, body, rules=STYLE)) == [("country-name", BODY_LINE, 11, "Vietnam")]


def test_quotation_marks_without_a_citation_do_not_hide_anything(tmp_path: Path) -> None:
    body = 'The so-called "chairman model" spread.\n'
    assert where(check_body(tmp_path, body, rules=STYLE)) == [("gender-neutral", BODY_LINE, 16, "chairman")]


# --- rules are data -------------------------------------------------------------------------------------


def test_an_editor_adds_rules_without_code(tmp_path: Path) -> None:
    rules = {
        "house-terms.yml": "extends: substitution\nmessage: \"Write '%s', not '%s'\"\nlevel: error\nignorecase: true\n"
        "swap:\n  e-learning: online learning\n  webinar(s?): online seminar$1\n",
        "banned.yml": "extends: existence\nmessage: \"Avoid '%s'\"\nlevel: warning\nignorecase: true\n"
        "tokens:\n  - going forward\n",
    }
    body = "E-learning and webinars, going forward.\n"
    make_project(tmp_path, {"10-chapter.md": FRONT + body}, rules=rules)
    found = [f for f in check_project(tmp_path) if f.rule in ("house-terms", "banned")]
    assert [(f.rule, f.severity, f.column, f.text, f.message) for f in found] == [
        ("house-terms", "error", 1, "E-learning", "Write 'Online learning', not 'E-learning'"),
        ("house-terms", "error", 16, "webinars", "Write 'online seminars', not 'webinars'"),
        ("banned", "warning", 26, "going forward", "Avoid 'going forward'"),
    ]


def test_a_project_rule_file_replaces_the_shipped_one_of_the_same_name(tmp_path: Path) -> None:
    quiet = "extends: existence\nmessage: \"'%s'\"\nlevel: warning\ntokens:\n  - zzzz-never\n"
    make_project(tmp_path, {"10-chapter.md": FRONT + "We organise.\n"}, rules={"spelling.yml": quiet})
    assert [f for f in check_project(tmp_path) if f.rule == "spelling"] == []


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("extends: substitution\nmessage: m\nswap: [a, b]\n", "a substitution rule needs a 'swap' mapping"),
        ("extends: existence\nmessage: m\ntokens: []\n", "an existence rule needs a 'tokens' list"),
        ("extends: spellcheck\nmessage: m\n", "unknown rule type extends: spellcheck"),
        ("extends: existence\ntokens: [a]\n", "the rule has no message"),
        ("extends: existence\nmessage: m\nlevel: fatal\ntokens: [a]\n", "unknown level 'fatal'"),
        ("extends: existence\nmessage: m\ntokens: ['(unclosed']\n", "is not a valid regular expression"),
        ("extends: substitution\nmessage: m\nswap: {a: $2}\n", "refers to a group the pattern 'a' does not have"),
        ("extends: structure\nmessage: m\ncheck: nothing\n", "unknown structural check 'nothing'"),
        ("extends: existence\nmessage: m\nquotations: maybe\ntokens: [a]\n", "'quotations: maybe' is not an option"),
        (
            "extends: substitution\nmessage: m\nswap: {a: b}\nformer_names: {names: ['(unclosed'], before: [then]}\n",
            "the pattern '(unclosed' is not a valid regular expression",
        ),
        (
            "extends: substitution\nmessage: m\nswap: {a: b}\nformer_names: {names: [a, '(?i)b'], before: [then]}\n",
            "the patterns of 'former_names' cannot be read together",
        ),
        (
            "extends: substitution\nmessage: m\nswap: {a: {to: b, not_near: ['(unclosed']}}\n",
            "'(unclosed' in not_near is not a valid regular expression",
        ),
        # an error only the compiler finds, at the first text the pattern is tried on
        ("extends: existence\nmessage: m\ntokens: ['(?<=a b)c']\n", "look-behind requires fixed-width pattern"),
        ("extends: [unclosed\n", "the rule file cannot be read"),
        ("- a list\n", "a rule file must be a YAML mapping"),
    ],
)
def test_a_broken_rule_file_is_a_clear_error_naming_the_file(tmp_path: Path, rule: str, says: str) -> None:
    make_project(tmp_path, {"10-chapter.md": FRONT + "a b c ac\n"}, rules={"mine.yml": rule})
    with pytest.raises(ContentError) as error:
        check_project(tmp_path)
    assert says in str(error.value)
    assert error.value.problems[0].file == "templates/rules/mine.yml"


def test_no_break_spaces_from_a_word_processor_are_spaces(tmp_path: Path) -> None:
    body = "Staff in Hong\u00a0Kong agreed; staff in Hong\u00a0Kong SAR,\u00a0China too.\n"
    assert where(check_body(tmp_path, body, rules=STYLE)) == [("country-name", BODY_LINE, 10, "Hong\u00a0Kong")]


def test_an_optional_prefix_keeps_the_words_a_pattern_can_start_with() -> None:
    """A pattern is tried only where one of its starts begins a word; an optional prefix adds starts."""
    starts = _starts_of(sre_parse.parse(r"(?:re|un)?organ(?:ise|ised)"))
    assert starts == {"reorga", "unorga", "organi"}


def test_a_pattern_without_a_literal_start_is_skipped_where_its_literal_part_is_missing() -> None:
    assert _required_literal(sre_parse.parse(r"(?<!\w)(?:([a-z]+)isation(s|al)?)(?!\w)")) == "isation"
    assert _required_literal(sre_parse.parse(r"(?i:abc)\d+")) == ""  # its own flags: not compared as written
    assert _required_literal(sre_parse.parse(r"(?:ab)?\d+x{2,}")) == "x"


def test_spellings_found_anywhere_in_a_word_are_still_found(tmp_path: Path) -> None:
    body = "The liberalisation of trade and the reorganised ministries.\n"
    assert [(f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"spelling"})] == [
        ("liberalisation", "liberalization"),
        ("reorganised", "reorganized"),
    ]


# --- articles on regional cooperation (corpus chapter 190) ----------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        # a formal name with "Peoples" for "People's" is that name misspelt, not "Republic of China"
        ("The charter names the Peoples Republic of China first.", "Peoples Republic of China",
         "People's Republic of China"),
        ("Few came from the Democratic Peoples Republic of Korea.", "Democratic Peoples Republic of Korea",
         "Democratic People's Republic of Korea"),
        ("Grants went to students in Hongkong last year.", "Hongkong", "Hong Kong SAR, China"),
        ("| Partner | Korea, Republic of |", "Korea, Republic of", "Republic of Korea"),
    ],
)  # fmt: skip
def test_misspelt_formal_names_and_inverted_names_are_found(
    tmp_path: Path, sentence: str, wrong: str, right: str
) -> None:
    found = check_body(tmp_path, sentence + "\n", rules={"country-name"})
    assert [(f.text, f.suggestion) for f in found] == [(wrong, right)]


@pytest.mark.parametrize(
    "sentence",
    [
        # an inverted name ends with "of": here the next state's formal name begins after the comma
        "It was set up by the Islamic Republic of Iran, Islamic Republic of Pakistan and Republic of Türkiye.",
        # the former name renamed after a dash, as after a comma or a bracket
        "The founders were Fiji, Tonga and Western Samoa – now Samoa – and two others.",
        "Its first office was in Burma — later Myanmar — for a decade.",
        # the title of an event in quotation marks keeps its words, with or without a year
        'The embassy held the webinar "Connecting classrooms between Vietnam and India" for students.',
        'A talk show, "Study in Hong Kong", was broadcast.',
    ],
)
def test_names_of_other_states_renamings_and_titles_of_events_are_left_alone(tmp_path: Path, sentence: str) -> None:
    assert check_body(tmp_path, sentence + "\n", rules={"country-name"}) == []


def test_a_quotation_that_is_no_title_of_an_event_is_still_reported(tmp_path: Path) -> None:
    body = 'The minister said "Vietnam needs teachers" at the seminar.\n'
    assert [f.text for f in check_body(tmp_path, body, rules={"country-name"})] == ["Vietnam"]


@pytest.mark.parametrize(
    "body",
    [
        # two acronyms in one bracket, joined by "&" or "and", spelled by the words before
        "The Programme for Public Administration & Environment (PPA & ENV) runs courses. PPA and ENV grew.\n",
        "The Teacher Education and Leadership Programmes (TE and LP) grew. TE and LP are small.\n",
        # a year after a hyphen: a use of the acronym already spelled out
        "The Shanghai Cooperation Organisation (SCO) met. The Astana SCO-2024 summit followed.\n",
        # a title in capitals before a name: His or Her Excellency
        "At the reception, HE Tran Quoc Hung, the ambassador, spoke first.\n",
        # a line in capitals but for a bracket: the title of a notice
        "The notice reads:\n\nCALL FOR NOMINATIONS GOVERNMENT SCHOLARSHIP 2027 (Mongolia) (DOCTORAL CANDIDATES)\n",
    ],
)
def test_acronym_definitions_of_two_years_titles_and_notices(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The Astana SCO-2024 summit followed.\n", "SCO-2024"),
        ("Funding for HE is growing.\n", "HE"),
    ],
)
def test_acronyms_near_those_forms_are_still_reported(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


def test_a_name_in_a_heading_keeps_its_spelling_when_the_text_writes_it_as_a_name(tmp_path: Path) -> None:
    body = (
        "## The Shanghai Cooperation Organisation\n\nThe Shanghai Cooperation Organisation (SCO) met.\n\n"
        "## Organisation Today\n\nThe organisation today is left to universities.\n"
    )
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE + 4, "Organisation"), (BODY_LINE + 6, "organisation")]


@pytest.mark.parametrize(
    "body",
    [
        # the last of an institution's other names, and a short form named so after its full name
        "The Port Vila Marine School (also known as Vila Marine School or simply VMS) opened. VMS grew.",
        "The Lae Forestry College, or simply LFC, opened in 1970. LFC grew.",
        "The college (Sekolah Teknik Dili, abbreviated as STD) opened. STD grew.",
        "Kolej Perkapalan Labuan, commonly abbreviated to KPL, trains crews. KPL grew.",
        "The Apia Nursing School, shortened to ANS, opened. ANS grew.",
        # an abbreviation dictionaries give as a word
        "Many VIPs attended the ceremony.",
    ],
)
def test_an_abbreviated_name_or_a_short_form_defines_its_acronym(tmp_path: Path, body: str) -> None:
    assert _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The new rules, or simply NSL, apply. NSL grew.", "NSL"),  # the words do not spell it
        ("The college (abbreviated KTS) opened. KTS grew.", "KTS"),
        ("The report was abbreviated as NSL after review.", "NSL"),  # no comma or bracket: a sentence
    ],
)
def test_an_abbreviated_form_the_words_do_not_spell_is_reported(tmp_path: Path, body: str, acronym: str) -> None:
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"})
    assert [(f[1], f[2], f[3]) for f in found][:1] == [(BODY_LINE, body.index(acronym) + 1, acronym)]


def test_a_meter_after_a_number_is_the_unit_and_a_meter_alone_a_device(tmp_path: Path) -> None:
    body = (
        "The campus lies at 770 meters and covers 28,000 square meters, with a 400-meter track and"
        " 12 cubic meters of water. A water meter and the parking meters stay.\n"
    )
    assert [(f.column, f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"spelling"})] == [
        (body.index("meters and") + 1, "meters", "metres"),
        (body.index("meters, with") + 1, "meters", "metres"),
        (body.index("meter track") + 1, "meter", "metre"),
        (body.index("meters of") + 1, "meters", "metres"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        # a name and its acronym after a comma at the end of a line of a box of facts
        "- International name: Royal University of Phnom Penh, RUPP\n- Founded: 1960\n\nRUPP grew.",
        # the last of an institution's other names in brackets, spelled by the name before them
        "The University of Colombo (informally Colombo University or UoC) is old. UoC grew.",
        "The college (informally the Marine Training School or MTS) is old. MTS grew.",
    ],
)
def test_a_name_in_a_box_of_facts_or_its_informal_names_define_its_acronym(tmp_path: Path, body: str) -> None:
    assert _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("- Partners: Tonga, Samoa, RUPP\n\nRUPP grew.", "RUPP"),  # the words before do not spell it
        ("Staff (teachers or LMS) agree.", "LMS"),
    ],
)
def test_a_list_or_an_alternative_the_words_do_not_spell_defines_nothing(
    tmp_path: Path, body: str, acronym: str
) -> None:
    found = _acronyms(tmp_path, {"10-a.md": FRONT + body + "\n"})
    assert [(f[1], f[2], f[3]) for f in found][:1] == [(BODY_LINE, body.index(acronym) + 1, acronym)]


@pytest.mark.parametrize(
    "body",
    [
        # "must have" after a verb of the past is no word of the present
        "The war ended in 1945. Seventeen years later, Western Samoa became the first island state to gain"
        " independence, and with it came the idea that each country must have its own university.",
        "The war ended in 1945. Seventeen years later, Western Samoa became independent. With it came the idea"
        " that each country must have its own university.",
        # "was still" is of the past
        "Schools opened in 1950, when French was still taught. Many mission schools in Burma closed after the coup.",
    ],
)
def test_a_modal_or_was_still_in_a_paragraph_of_the_past_keeps_it_history(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body + "\n", rules={"country-name"}) == []


def test_a_word_of_the_present_in_the_paragraph_still_makes_the_old_name_wrong(tmp_path: Path) -> None:
    body = "Schools opened in 1950. French is still taught. Many mission schools in Burma closed after the coup.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"country-name"})] == ["Burma"]
    body = (
        "The war ended in 1945. Seventeen years later, Western Samoa became the first island state to gain"
        " independence. Each country has its own university.\n"
    )
    assert [f.text for f in check_body(tmp_path / "two", body, rules={"country-name"})] == ["Western Samoa"]


# --- held-out real text: names set in capitals, history under a heading, names broken by an acronym ---------


@pytest.mark.parametrize(
    "body",
    [
        # a country in capitals as a list label, the text writing it inside a sentence too
        "1. NORWAY Joined in 1950 and gave grants.\n2. Later members came from Asia.\n\nAid from Norway grew.\n",
        # a newspaper's lead-in in capitals
        "CENTRAL ASIAN students can now apply for the grants.\n\nUniversities in Central Asian states agreed.\n",
        # a dateline with its date in brackets
        "BISHKEK, KYRGYZSTAN (3 May 2021) — The ministry opened two colleges in Bishkek and Osh.\n",
    ],
)
def test_a_name_in_capitals_the_text_writes_inside_a_sentence_is_no_acronym(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("SHARE closed in 2022.\n\nShare of students rose.\n", "SHARE"),  # only the first word of a sentence
        ("WHO staff came, and the band the Who played.\n", "WHO"),  # three letters: an acronym all the same
        ("ASEAN met.\n\nThe press in Asean states wrote.\n", "ASEAN"),  # an acronym the rule spells out
    ],
)
def test_an_acronym_the_text_writes_as_a_word_only_elsewhere_is_still_reported(
    tmp_path: Path, body: str, acronym: str
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        # a paragraph without a year takes the years of its section's heading
        "## Schools before 1975\n\nOf the peoples of Laos, only one had a written script.\n",
        "## 1954–1975\n\nMost teachers in Laos were trained abroad and taught in French.\n",
        # an occupation or an era of another state is history
        "At the time of the occupation, East Timor had no university.\n",
        "In the Soviet era, students from Russia filled the institutes.\n",
        # a name that goes on over its acronym in brackets keeps its spelling
        "- The Open e-Learning Design (OeLD) Program began in 2019.\n",
        # a list label in capitals: LAO PDR
        "6. LAO PDR Joined in 1951.\n",
    ],
)
def test_history_under_a_heading_an_occupation_and_names_over_an_acronym_are_left_alone(
    tmp_path: Path, body: str
) -> None:
    assert check_body(tmp_path, body, rules={"country-name", "spelling", "acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("## Since 1975\n\nOf the peoples of Laos, only one had a written script.\n", [("Laos", "Lao PDR")]),
        ("## Before 1975\n\nSchools in Laos are free today.\n", [("Laos", "Lao PDR")]),  # the present
        ("Members are Samoa and the Fiji Islands.\n", [("Fiji Islands", "Fiji")]),
        ("Offices opened in Lao P.D.R and Cambodia.\n", [("Lao P.D.R", "Lao PDR")]),
        # a possessive after the opening quotation mark is no name alone in quotation marks
        ('"Taiwan\'s schools are good," he said.\n', [("Taiwan", None)]),
    ],
)
def test_names_near_those_forms_are_still_reported(tmp_path: Path, body: str, found: list[tuple[str, str]]) -> None:
    assert [(f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"country-name"})] == found


def test_more_american_spellings_are_found_and_their_look_alikes_left_alone(tmp_path: Path) -> None:
    body = "A grueling term, academic rigor, mold in old rooms and two installments; rigorous tests in Moldova.\n"
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.suggestion) for f in found] == [
        ("grueling", "gruelling"),
        ("rigor", "rigour"),
        ("mold", "mould"),
        ("installments", "instalments"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        # a year in the name before the acronym, a number after it in the brackets
        "Ministers met at the Asia-Pacific Meeting on Education 2030 (APMED 6). APMED grew.\n",
        # the education database, as JSTOR
        "Articles came from ERIC and Google Scholar.\n",
    ],
)
def test_a_name_with_its_year_and_a_database_define_or_need_nothing(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_an_acronym_in_the_credit_of_a_dateline_is_a_use(tmp_path: Path) -> None:
    body = "DHAKA, 6 Oct 2018 (PIB/UNICEF FEATURE) – Girls stayed in school, a feature of the year.\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["PIB", "UNICEF"]  # beside an ordinary word in capitals, a known acronym


@pytest.mark.parametrize(
    "body",
    [
        # Macao before the handover of 1999
        "The Portuguese came to Macao in 1553 and traded there.\n",
        # the former name as a name, or named as former
        "Higher education grew again in the former Burma after the reforms.\n",
        "Many use the word Burma in casual speech.\n",
        "A note on names: is it Burma or Myanmar? Both are heard.\n",
        # the peninsula of the past
        "Schools in traditional Korea taught the classics.\n",
        # the name of a plan or a website with the country in it
        "The government announced its Study Korea 300K plan to attract students.\n",
        "The guide is on the Study in Korea website.\n",
        # a dateline with the city in small letters
        "Dili, TIMOR-LESTE – Teachers met in the capital.\n",
    ],
)
def test_names_of_the_past_names_as_names_and_names_of_plans_are_left_alone(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"country-name", "acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Macao has four universities.\n", [("Macao", "Macao, China")]),
        ("Students from Burma or Thailand came.\n", [("Burma", "Myanmar")]),  # "or" between two states
        ("Students in Vietnam plan to go abroad.\n", [("Vietnam", "Viet Nam")]),  # a verb, no plan's name
        ("The school had a checkered history.\n", [("checkered", "chequered")]),
    ],
)
def test_present_names_and_other_states_beside_those_forms_are_still_reported(
    tmp_path: Path, body: str, found: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"country-name", "spelling"})] == found


@pytest.mark.parametrize(
    "body",
    [
        "Training grew (Vocational Education and Training – VET), and VET grew again.\n",  # a dash in the brackets
        "Students enter Senior High School [SHS] at 16. SHS grew.\n",  # square brackets
    ],
)
def test_an_acronym_after_a_dash_inside_the_brackets_or_in_square_brackets_is_defined(
    tmp_path: Path, body: str
) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a heading in title case: the capitals are the style's, not a name's
        ("## Grants Program Opens to Pacific Students\n", [("Program", "Programme")]),
        ("## A Regional Center of Excellence Opens\n", [("Center", "Centre")]),
        ("## Programs of Study\n", [("Programs", "Programmes")]),
        # the header row of a pipe table and of a simple table
        (
            "| Year | Labor Force (millions) | Gross Enrollment (Total) |\n|---|---|---|\n| 2020 | 4 | 9 |\n",
            [("Labor", "Labour"), ("Enrollment", "Enrolment")],
        ),
        ("Year    Defense Spending\n------  ----------------\n2020    4\n", [("Defense", "Defence")]),
        # the same words in a label, or inside a longer name, do not make the header a name
        (
            "- Labor Force: 4 million\n\n| Year | Labor Force |\n|---|---|\n| 2020 | 4 |\n\n"
            "The Labor Force Survey counts them.\n",
            [("Labor", "Labour"), ("Labor", "Labour")],
        ),
    ],
)
def test_us_spellings_in_title_case_headings_and_table_headers_are_reported(
    tmp_path: Path, body: str, found: list[tuple[str, str]]
) -> None:
    assert [(f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"spelling"})] == found


@pytest.mark.parametrize(
    "body",
    [
        # a name word after the match, or before it across "of"
        "## The Australian Labor Party Wins\n",
        "## Grants From the US Department of Labor\n",
        "| Year | Labor Market Information Office |\n|---|---|\n| 2020 | 4 |\n",
        # capitals of its own before the match; words after its "for" that the text writes as a name
        "## Fellows at the East-West Center\n",
        "## News From the Center for Global Development\n\nA report of the Center for Global Development says so.\n",
        # one word after "for" that the text capitalizes inside a sentence is a name
        "## The Center for Asia\n\nStudents from all over Asia came.\n",
        "## A Regional Center of Excellence\n\nIt joined the Center of Excellence in 2020.\n",
        # the text writes the words as a name outside its headings
        "## The CAREC Program\n\nMinisters of the CAREC Program met.\n",
        # a body cell is read as before: a capitalized neighbour is a name
        "| Name | City |\n|---|---|\n| World Trade Center | New York |\n",
    ],
)
def test_names_in_title_case_headings_and_table_headers_keep_their_spelling(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"spelling"}) == []


# --- held-out real text: "or" before an acronym, eras after a century, compounds, amounts, datelines ---------


@pytest.mark.parametrize(
    "body",
    [
        # "or" alone between the name and its acronym, and the forms with a comma or a bracket
        "The Pacific Island Schools Forum or PISF is a body of ministries. PISF grew.\n",
        "The Ministry of Health or MoH signed the plan; MoH agreed.\n",
        "The Pacific Island Schools Forum, or PISF, met. PISF grew.\n",
        "The Pacific Island Schools Forum (or PISF) met. PISF grew.\n",
    ],
)
def test_a_name_then_or_and_the_acronym_it_spells_is_a_definition(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("Staff of the Island Bank or ADB agree.\n", "ADB"),  # the words do not spell it
        ("Courses for teachers or LMS users grew.\n", "LMS"),  # no name before "or"
        ("Visits to Samoa, Tonga or ST followed.\n", "ST"),  # a list is no name
    ],
)
def test_or_before_an_acronym_the_name_does_not_spell_is_no_definition(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


def test_an_era_after_an_ordinal_century_or_before_a_year_is_no_acronym(tmp_path: Path) -> None:
    body = (
        "The scroll of the 12th century CE, the walls of the 2nd century BCE, a 10th-century CE temple, coins of"
        " the 4th century BC, tombs of the 6th and 7th centuries AD, a road of the second century BCE and a"
        " bridge of AD 1350 survive; so does a gate of 1350 AD.\n"
    )
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The CE office opened in the 9th century style.\n", "CE"),  # no century just before
        ("The AD team met twice.\n", "AD"),  # no year after
    ],
)
def test_ce_and_ad_without_a_century_or_a_year_are_still_reported(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


def test_an_acronym_first_used_inside_a_compound_is_reported_only_there(tmp_path: Path) -> None:
    body = "The PIRU-TRIP visits grew.\n\nThe TRIP-style courses followed, and TRIP spread.\n"
    assert [(f.line, f.text) for f in check_body(tmp_path, body, rules={"acronym"})] == [(BODY_LINE, "PIRU-TRIP")]


def test_a_compound_of_an_acronym_already_reported_and_one_defined_is_not_reported_again(tmp_path: Path) -> None:
    body = (
        "The PIRU met in May.\n\nThe Pacific Schools Network (PSN) met in June.\n\n"
        "Both signed the PIRU-PSN charter, and a TRIP-PSN plan followed.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE, "PIRU"), (BODY_LINE + 4, "TRIP-PSN")]


def test_a_currency_code_joined_to_its_amount_is_no_acronym(tmp_path: Path) -> None:
    body = "Grants of SBD3.2 million, $US40 million, US$7m, NZD25, AUD1.5bn, A$12 and FJ$9 million were paid.\n"
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_an_acronym_joined_to_a_number_is_still_a_use_of_the_acronym(tmp_path: Path) -> None:
    body = "The XQD5 grant and the SDG4 targets grew.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["XQD5", "SDG4"]


@pytest.mark.parametrize(
    "body",
    [
        # the news agency after the date and a comma
        "TARAWA, March 3, 2023, Island Wire – Teachers met in the capital.\n",
        # dash-like characters: a box-drawing line, a horizontal bar, a figure dash, a minus sign
        "LAUTOKA, Fiji ─ Schools reopened.\n\nNUKUALOFA ― Pupils returned.\n\nHONIARA ‒ Staff met.\n\n"
        "FUNAFUTI − Ministers met.\n",
    ],
)
def test_datelines_with_an_agency_after_the_date_or_other_dashes_define_nothing(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_an_acronym_in_an_agency_after_the_date_is_a_use(tmp_path: Path) -> None:
    body = "LAUTOKA, June 5, 2023, XNA – Girls stayed in school.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["XNA"]


def test_a_word_in_capitals_the_text_spells_out_later_is_reported_at_its_first_use(tmp_path: Path) -> None:
    # the text also writes the word in lower case, and as a name inside a sentence; the definition after the
    # acronym and a short name ("ACR Word or Full Words") comes two paragraphs later
    body = (
        "Pupils join STUDIO Pacific, a new scheme.\n\nThe studio opened, and the Studio Pacific office grew.\n\n"
        "STUDIO Pacific or Student Teachers Using Digital Instruction Online began in 2010.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE, "STUDIO")]
    assert "spelled out only later" in found[0].message


@pytest.mark.parametrize(
    "body",
    [
        # a remark in brackets after a word in capitals spells nothing: the word stays a word
        "A NOTICE follows.\n\nThe notice applies.\n\nThe NOTICE (please read it first) applies.\n",
        # the acronym, then "or" and the words that spell it
        "The ABC or Asian Bank Council grew. ABC met.\n",
    ],
)
def test_a_word_in_capitals_with_a_remark_is_no_acronym_and_acr_or_words_defines(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_an_acronym_then_or_and_words_that_do_not_spell_it_is_reported(tmp_path: Path) -> None:
    assert [f.text for f in check_body(tmp_path, "The ABC or Asian Council grew.\n", rules={"acronym"})] == ["ABC"]


# --- acronyms: years, levels, titles, datelines, credits and codes ---------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # a year, a version or the name of a level after the acronym, inside its brackets
        "The Rural Schools Plan of Fiji 2030 (RSP 2030) was adopted. Teachers in RSP schools agreed.\n",
        "The Digital Skills Agenda (DSA-2030) followed. DSA grants rose.\n",
        "The Open Courseware Portal (OCP 2.0) went live. OCP users grew.\n",
        "The Open Courseware Portal (OCP-2.0) went live. OCP users grew.\n",
        "Pupils sit the Pacific Senior Secondary Certificate (PSSC A-Level) in June. PSSC results rose.\n",
        "The National Vocational Award (NVA Level 3) is new. NVA holders found work.\n",
    ],
)
def test_an_acronym_with_a_year_or_a_level_in_its_brackets_is_defined(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The new plan (RSP 2030) was adopted. RSP schools agreed.\n", "RSP"),  # the words do not spell it
        ("Enrolment rose (ADB 2022). ADB grants followed.\n", "ADB"),  # a citation, not a definition
        ("The SEAMEO office for Language (SEAMEO Level) grew.\n", "SEAMEO"),  # the words hold it already
    ],
)
def test_a_year_or_a_word_in_brackets_the_words_before_do_not_spell_is_reported(
    tmp_path: Path, body: str, acronym: str
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        # honorifics in capitals before a name (or "the" and a name): Majesty, Highness, Holiness
        "HM Tupou Lavaka Fifita, the Queen of the islands, opened the school.\n",
        "The prize was given by HRH Princess Salote Mele in May.\n",
        "HH the Venerable Abbot blessed the new library.\n",
        "HSH Prince Ruperto visited the college.\n",
        "HIM Emperor Ashikaga sent a message to the pupils.\n",
    ],
)
def test_an_honorific_in_capitals_before_a_name_is_no_acronym(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("Grants for HM schools rose.\n", "HM"),  # no name after it
        ("Funding for HE Colleges grew, and colleges agreed.\n", "HE"),  # a word the text writes in lower case
    ],
)
def test_an_honorific_without_a_name_after_it_is_reported(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        # a dateline or a label with a space before its colon
        "SUVA : For thirty years, the island schools have taught in two languages.\n",
        "NUKUALOFA, 3 March 2025 : The ministry opened two schools.\n",
        "- FISCAL YEAR : 1 July to 30 June\n",
    ],
)
def test_a_dateline_or_a_label_with_a_space_before_the_colon_is_no_acronym(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_an_acronym_before_a_spaced_colon_inside_a_sentence_is_reported(tmp_path: Path) -> None:
    body = "The grant from the bank : ADB pays for books.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["ADB"]


@pytest.mark.parametrize(
    "body",
    [
        "On 1 December, World AIDS Day, the pupils held a march.\n",
        "Lessons on HIV/AIDS start at the age of twelve.\n",
        "Few teachers had been tested for HIV.\n",
    ],
)
def test_hiv_and_aids_need_no_spelling_out(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_the_agency_named_after_aids_is_still_an_acronym(tmp_path: Path) -> None:
    body = "World AIDS Day was marked with UNAIDS.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["UNAIDS"]


@pytest.mark.parametrize(
    "body",
    [
        # the codes of a photo credit after the copyright sign
        "Pupils in a reading class.\n\n© UNDP/PNG 2019-0412/Mary Kila\n",
        "*Photo: © ADB/TPX*\n",
    ],
)
def test_a_photo_credit_after_the_copyright_sign_is_no_prose(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_prose_after_a_credit_in_the_same_line_is_checked(tmp_path: Path) -> None:
    body = "Pupils at work. © ADB/TPX. The CPD plan grew.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["CPD"]


@pytest.mark.parametrize(
    "body",
    [
        # the acronym right after the capitalized words that spell it, without a bracket or a comma
        "Mere Tala, Pacific Maritime Training Institute PMTI, Fiji\n\nPMTI trains crews.\n",
        "The Samoa Qualifications Authority SQA accredits courses. SQA grew.\n",
    ],
)
def test_an_acronym_right_after_the_words_that_spell_it_is_defined(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The staff of the Teachers Union for Schools PMTI met.\n", "PMTI"),  # the words do not spell it
        ("The regional office of the Pacific Island Forum ADB spoke.\n", "ADB"),
        ("The Fiji Board FB grew.\n", "FB"),  # two letters are too few to tell
    ],
)
def test_an_acronym_after_capitalized_words_that_do_not_spell_it_is_reported(
    tmp_path: Path, body: str, acronym: str
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        # codes of capitals and a number as labels of items, also after the item's own label
        "- Strategic Goals: SG3: Keeping girls in school\n- Strategic Goals: SG4: Training teachers\n",
        "- KRA2: Safer classrooms\n",
        "**Priority Areas:** PA1: Literacy for all\n",
        # the next codes of the series in the same line, after a semicolon or a comma
        "- Strategic Goals: SG1: Keeping girls in school; SG2: Training teachers, SG3: Books\n",
    ],
)
def test_a_code_with_a_number_as_the_label_of_an_item_is_no_acronym(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The plan: PAX: literacy for all.\n", "PAX"),  # no number: an acronym
        ("The plan names KRA1 and more; KRA2: books.\n", "KRA1"),  # no code label before: the first is an acronym
        ("The summit: G20: leaders met.\n", "G20"),  # the group of twenty stays an acronym
        ("Leaders of the G20 met in Bali.\n", "G20"),
    ],
)
def test_a_code_label_is_told_from_an_acronym(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        "The Ministry of Science of the Republic of Palau (hereinafter referred to as MOS) pays. MOS grew.\n",
        "The Board of Teacher Standards, hereafter referred to as BTS, met. BTS grew.\n",
        "The Bureau of Higher Learning, commonly referred to as the BuHL in the islands, met. BuHL grew.\n",
        "The National Council of Tutors also known as NCT met twice. NCT grew.\n",
    ],
)
def test_a_verb_phrase_between_the_name_and_its_acronym_defines_it(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("The board, hereinafter referred to as XYZ, met.\n", "XYZ"),  # the words before do not spell it
        ("The Tutors Council, commonly referred to as the QRS, met.\n", "QRS"),
        ("A firm called PQR met.\n", "PQR"),  # no comma and no adverb: "called" alone defines nothing
    ],
)
def test_a_verb_phrase_before_an_acronym_the_words_do_not_spell_defines_nothing(
    tmp_path: Path, body: str, acronym: str
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    "body",
    [
        # an acronym, a dash and a capitalized name in English that need not spell it
        "Reviews are led by AVQES - the Agency for Quality of Schools and Colleges in Europe. AVQES grew.\n",
        # a name of three capitalized words, "or" and an acronym of three capitals
        "It was once called the Regional Teaching Council or KLP, set up in 1990. KLP grew.\n",
        # a name in another language that wraps to the next line, then the acronym, numbers and all
        "The Plan for Schools of the New Age (Rencana Sekolah Zaman\nBaru Ke-30, RSZB30) began. RSZB30 grew.\n",
    ],
)
def test_an_acronym_of_a_name_in_another_language_is_defined_by_its_name_in_english(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("Reviews are led by AVQES - the agency for schools. AVQES grew.\n", "AVQES"),  # no capitalized name
        ("Reviews are led by AVQES - the Quality Agency. AVQES grew.\n", "AVQES"),  # a name of two words
        ("It was run by teachers or KLP, set up in 1990.\n", "KLP"),  # no name before "or"
        ("It was once called the Open Council or KLP, set up in 1990.\n", "KLP"),  # a short name
        ("It was once called the Regional Teaching Council or KL, set up in 1990.\n", "KL"),  # two capitals
        ("The Plan for Schools of the New Age (Rencana Sekolah Zaman\nBaru, QWX) began.\n", "QWX"),  # not spelled
    ],
)
def test_a_name_that_does_not_gloss_the_acronym_defines_nothing(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


def test_the_parts_of_a_compound_spelled_out_in_full_are_defined(tmp_path: Path) -> None:
    body = (
        "The TKU-QAO (Tonga Kingdom University, Quality Assurance Office) met. "
        "A former dean of TKU, Nuku'alofa, spoke; QAO staff and then PQRS staff listened.\n"
    )
    # the parts of the defined compound are defined; another acronym after it is still reported
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["PQRS"]


def test_a_compound_used_without_its_definition_is_still_reported_once(tmp_path: Path) -> None:
    body = "The TKU-QAO staff met. A former dean of TKU spoke.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["TKU-QAO"]


def test_the_codes_of_the_regions_currencies_are_no_acronyms(tmp_path: Path) -> None:
    body = (
        "Grants are NTD 20,000, or NT$ 20,000, a month; fees are NRs 5,000 in Pokhara and SLRs 2,000 in Galle, "
        "KPW 900 in Pyongyang and XPF 8,000 in Noumea; the NTU pays them.\n"
    )
    # the currencies are no acronyms; the university after them still is, and so are rupees with no amount
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["NTU"]
    assert [f.text for f in check_body(tmp_path / "two", "Staff of the NRs met.\n", rules={"acronym"})] == ["NR"]


@pytest.mark.parametrize(
    "body",
    [
        "Thimphu /KUENSEL/ Some 40 teachers met.\n",
        "THIMPHU, May 4 /KUENSEL/ Some 40 teachers met.\n",
    ],
)
def test_a_news_agency_between_slashes_after_the_city_is_no_first_use(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "acronym"),
    [
        ("Thimphu KUENSEL Some 40 teachers met.\n", "KUENSEL"),  # no slashes
        ("A story of /KUENSEL/ said so.\n", "KUENSEL"),  # no city begins the item
    ],
)
def test_an_agency_outside_a_credit_is_an_acronym(tmp_path: Path, body: str, acronym: str) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("WHEN FIJI joined the league, its schools grew.\n", []),  # an ordinary word, then a country
        ("Schools grew.\n\nAS NEPAL opened its schools, the PTA grew.\n", ["PTA"]),  # the rest of the item counts
        ("IFAD FIJI is the largest partner.\n", ["IFAD"]),  # no ordinary word before the country
        ("WHEN NZQA met, its schools grew.\n", ["NZQA"]),  # no ignored word after the ordinary one
    ],
)
def test_a_lead_in_in_capitals_at_the_start_of_an_item_is_no_acronym(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_part_the_name_of_a_defined_compound_holds_is_not_spelled_out(tmp_path: Path) -> None:
    body = "The School of Tonga-NTU (SOT-NTU) opened. The NTU grew.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["NTU"]


def test_a_compound_defined_in_full_defines_its_parts_after_another_line_that_uses_them(tmp_path: Path) -> None:
    body = (
        "- NTU-ABC (Nuku'alofa Teachers University, Agency for Better Colleges)\n"
        "- NTU-QAO (Tonga Quality Office)\n\nThe NTU grew.\n"
    )
    assert check_body(tmp_path, body, rules={"acronym"}) == []


# --- acronyms: datelines with close dashes, time zones, mastheads, chains, Latin capitals ----------------------


@pytest.mark.parametrize(
    "body",
    [
        "LAUTOKA, Western Fiji—As part of the plan, schools reopened.\n",  # an em dash with no spaces
        "NUKUALOFA, TONGA –FRIDAY 4 MARCH 2022: The council met.\n",  # no space after it, a weekday and a date
        "SUVA, FIJI, MONDAY 7 JUNE 2021 – Pupils returned.\n",  # a weekday before the date
    ],
)
def test_a_dateline_with_a_close_dash_or_a_weekday_is_no_acronym(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("XQWE–XQRT staff met in Suva.\n", ["XQWE", "XQRT"]),  # two acronyms joined by a dash: no dateline
        ("XQWE-Pacific staff met in Suva.\n", ["XQWE"]),  # a hyphen without spaces joins words
    ],
)
def test_a_close_dash_between_names_makes_no_dateline(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_time_zone_after_a_clock_time_is_no_acronym(tmp_path: Path) -> None:
    body = (
        "Posted: Mar 3, 2021 09:45 IST. The call opens at 10:00 ICT, or 10.30 a.m. (WITA), and closes at "
        "18:00 GMT+7.\n\nStaff in 2019 learned ICT skills.\n"
    )
    # without a clock time before it, ICT is an acronym
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["ICT"]
    assert [f.text for f in check_body(tmp_path / "two", "See Table 2.10 KST data.\n", rules={"acronym"})] == ["KST"]


def test_the_words_of_a_masthead_and_the_months_in_capitals_are_no_acronyms(tmp_path: Path) -> None:
    body = "XUIS POLICY BRIEF MARCH 2021, No.4\n\nPRESS RELEASE\n\nSchools grew.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["XUIS"]


def test_a_masthead_word_the_text_spells_out_as_an_acronym_is_one(tmp_path: Path) -> None:
    body = "A BRIEF note.\n\nThe Board of Regional Island Education Fund (BRIEF) met.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["BRIEF"]


def test_an_acronym_that_begins_a_chain_with_words_is_used_there(tmp_path: Path) -> None:
    body = "A survey from XQFA-UNESCO-World Bank teams grew. Later XQFA said so.\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [(f.text, f.column) for f in found] == [("XQFA", 15)]
    # a chain of two acronyms, both new, is still reported as the chain
    assert [f.text for f in check_body(tmp_path / "two", "The XQFA-XQRB-Net team.\n", rules={"acronym"})] == [
        "XQFA-XQRB"
    ]


def test_an_acronym_of_latin_capitals_with_accents_or_dots_is_an_acronym(tmp_path: Path) -> None:
    body = "Staff of TÜRKVA and ÖSKA met; TÜRKVA grew. The ÇİKA grew and the CIKA too.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["TÜRKVA", "ÖSKA", "ÇİKA"]


def test_an_acronym_with_a_dotted_capital_is_spelled_out_by_its_words(tmp_path: Path) -> None:
    body = "The Turkish Islands Knowledge Agency (TİKA) met. TİKA and TIKA grew.\n"
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    "body",
    [
        "After her course she joined QTX Constructions. She now leads a team.\n",
        "Grants come from the ZRB Bank in Dili, and from the KLV Foundation.\n",
        "The survey was run by WMK International for the ministry.\n",
        "She studied at HPV University in Da Nang. XY Co. Ltd. printed the books.\n",
    ],
)
def test_initials_that_begin_a_company_or_university_name_are_part_of_the_name(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the name goes on past the head word: the initials are an acronym of their own
        ("Staff of the QTX University Network met.\n", ["QTX"]),
        ("Staff of the QTX University of Science met.\n", ["QTX"]),
        # a known acronym still needs its name, whatever follows it
        ("The ASEAN University is new.\n", ["ASEAN"]),
        # and the text that spells the initials out makes them an acronym again
        ("QTX Bank opened. The Quang Tri Exchange (QTX) grew.\n", ["QTX"]),
    ],
)
def test_initials_before_a_name_that_goes_on_or_is_spelled_out_are_an_acronym(
    tmp_path: Path, body: str, found: list[str]
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_points_of_the_compass_before_asia_and_eras_in_a_range_are_no_acronyms(tmp_path: Path) -> None:
    body = "Links across the [SE Asian] region and NE Asia grew.\n\n- 37 BC-668: an early kingdom.\n"
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_a_name_with_a_span_of_years_before_its_acronym_defines_it(tmp_path: Path) -> None:
    body = "Targets of the Island Growth Plan 2016–2030 (IGP) and the Skills Plan 2020/21-2024/25 (SKP) hold.\n"
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize("acronym", ["DCC", "CIV", "MDC", "CD"])
def test_capitals_that_spell_hundreds_in_roman_numerals_are_acronyms(tmp_path: Path, acronym: str) -> None:
    body = f"The {acronym} government believes in schools. Part IV and the XXI report stay numerals.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == [acronym]


def test_acronyms_that_label_a_row_of_numbers_are_used_there(tmp_path: Path) -> None:
    body = "| Indicator | 2019 | 2020 |\n|---|---|---|\n| GER ECCE | 41.2 | 43.0 |\n\nRATES ROSE\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["GER", "ECCE"]


def test_a_post_in_title_case_after_a_possessive_or_a_small_word_is_spelled_the_house_way(tmp_path: Path) -> None:
    body = (
        "said Lina Soares, Reading for All's Program Manager in Dili. She was the Center Coordinator before.\n\n"
        "The Island Reading Program helps the Lagoon Learning Center too.\n"
    )
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.suggestion) for f in found] == [("Program", "Programme"), ("Center", "Centre")]


def test_a_number_written_against_a_word_is_read_from_its_first_digit(tmp_path: Path) -> None:
    found = check_body(tmp_path, "Spending was estimated at3.8% of output, and 1,250% more.\n", rules={"percent-sign"})
    assert [(f.text, f.suggestion) for f in found] == [("3.8%", "3.8 per cent"), ("1,250%", "1,250 per cent")]


@pytest.mark.parametrize(
    "body",
    [
        "Since 1945, Korea has been divided into two states.\n",
        "Korea, one country for a thousand years, lost its unity after liberation.\n",
        "Historically, Korea has taken ideas from its neighbours.\n",
        "Korea holds a large place in the history of east Asia.\n",
        "The word list speaks of non-traditional paths for students from Japan.\n",
    ],
)
def test_korea_as_the_divided_or_historical_nation_is_no_state_name(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"country-name"}) == []


def test_a_word_of_the_past_inside_a_hyphenated_word_says_nothing_of_the_time(tmp_path: Path) -> None:
    body = "More students now reach non-traditional regions of Korea each year.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"country-name"})] == ["Korea"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("In 1994 Kazakstan had many schools. Tadjikistan and Kirghizstan too.\n",
         [("Kazakstan", "Kazakhstan"), ("Tadjikistan", "Tajikistan"), ("Kirghizstan", "Kyrgyzstan")]),
        # the name the text chooses for a state, and the title of another article after "see", are mentions
        ("The Republic of Korea, hereafter referred to also as Korea, grew.\n", []),
        ("- For North Korea, see Education in North Korea.\n",
         [("North Korea", "the Democratic People's Republic of Korea")]),
        # a colonial past
        ("Children of colonial civil servants sent to Laos made up most pupils.\n", []),
        # a campus named with its country after the name word
        ("Students at the Lotus British University Vietnam (LBUV) grew in number.\n", []),
        # a present relative clause is today's, whatever year the sentence gives
        ("The Board, which oversees the universities in Iran, was set up in 1967.\n",
         [("Iran", "Iran (Islamic Republic of)")]),
        ("The school, which was in Iran, closed in 1967.\n", []),
    ],
)  # fmt: skip
def test_country_names_in_set_phrases_of_history_and_naming(tmp_path: Path, body: str, found: list) -> None:
    hits = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.suggestion) for f in hits] == found


def test_a_title_case_heading_is_no_name_past_its_first_words_unless_the_text_writes_them_so(tmp_path: Path) -> None:
    body = (
        "## Japan and South Korea Lead Tables of Innovative Universities\n\nSchools grew.\n\n"
        "## Hong Kong Baptist University Opens\n\nIt opened.\n\n"
        "## Taiwan Trade and Cultural Office Moves\n\nThe Taiwan Trade and Cultural Office moved.\n"
    )
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [f.text for f in found] == ["South Korea"]


@pytest.mark.parametrize(
    "body",
    [
        "KUNDUZAR (Newsbox): Seventy schools opened.\n",
        "SAN MATEOR, June 2 /Wirenews-Globalwire/ -- Many young women applied.\n",
        "The UNESCO-L’Avenir prize and the Teaching and Learning 2030+ (TL2030+) Group met; TL2030+ grew.\n",
    ],
)
def test_more_datelines_an_elided_article_and_a_year_with_a_plus_make_no_first_use(tmp_path: Path, body: str) -> None:
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_news_style_per_cent_and_asia_and_pacific_without_its_article(tmp_path: Path) -> None:
    body = (
        "Dropouts rose to 75pc, then fell by 8 pct.\n\n"
        "Gaps persist in the Asia and Pacific region, and trade across Asia and Pacific grew. The Lagoon Asia and "
        "Pacific Regional Bureau met.\n"
    )
    found = check_body(tmp_path, body, rules={"percent-sign", "region-phrase"})
    assert [(f.text, f.suggestion) for f in found] == [
        ("75pc", "75 per cent"),
        ("8 pct", "8 per cent"),
        ("the Asia and Pacific region", "Asia and the Pacific or the Asia-Pacific region"),
        ("Asia and Pacific", "Asia and the Pacific"),
    ]


def test_a_capital_a_title_case_heading_gives_a_word_is_the_headings_style(tmp_path: Path) -> None:
    body = "### The Asia-Pacific Region\n\nText.\n\n### Schools in the Asia-Pacific Region today\n\nMore.\n"
    found = check_body(tmp_path, body, rules={"region-phrase"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE + 4, "Asia-Pacific Region")]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a dateline alone on its line, the item below: the place is no first use; an agency in capitals still is
        ("OSAKA, Mar. 9, Nippon Wire\n\nThe ministry asked cities for help.\n", []),
        ("OSAKA, Mar. 9, NHKW\n\nThe ministry asked cities for help.\n", ["NHKW"]),
        ("OSAKA, Nippon Wire\n\nThe ministry asked cities for help.\n", ["OSAKA"]),  # no date: no dateline
        # a newspaper and the network that carries it; an agency first in its credit is used there
        ("SUVA (Lagoon Herald/PNW) - Ministers met.\n", []),
        ("SUVA (PNW/Lagoon Herald) - Ministers met.\n", ["PNW"]),
    ],
)
def test_a_dateline_alone_on_its_line_and_a_papers_credit_with_its_network(
    tmp_path: Path, body: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_semicolon_parts_citations_only_inside_brackets(tmp_path: Path) -> None:
    body = (
        "Costs rose (WXYZ 2021; the QRST, 2019; Lee 2020).\n\n"
        "It toured the ABCD 2022 Fair in Rome, Italy; the EFGH 2023 Fair in Lima, Peru; and the IJKL 2023 Expo.\n"
    )
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["ABCD", "EFGH", "IJKL"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Its role is to INSPIRE pupils. Pupils were inspired by it and kept inspiring others.\n", []),
        # spelled out somewhere, it stays an acronym; four letters are too few to tell a family
        ("The SHARE plan grew. Data are shared. The Support for Higher Education Region (SHARE) met.\n", ["SHARE"]),
        ("The CARE group met. Staff cared for it.\n", ["CARE"]),
    ],
)
def test_a_word_in_capitals_whose_family_the_text_writes_in_lower_case(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_state_of_the_united_states_after_a_city_and_cash_from_an_atm(tmp_path: Path) -> None:
    body = (
        "They met in Lakeview DC in May, in Springfield, IL 62701 and in Palmgrove HI. Fees are paid by ATM.\n\n"
        "The Asia Pacific CA network grew. The CA met.\n"
    )
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["CA"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("They worked with QRX International and Lakeview provincial staff.\n", []),
        ("She studied at the QRX School of Public Affairs and Management in May.\n", []),
        ("She studied at the QRX Institute in May.\n", []),
        # a known acronym, one the text spells out, and a name that goes on after "for" stay acronyms
        ("She studied at the ASEAN Academy of Arts.\n", ["ASEAN"]),
        ("She studied at the ZRT School of Law. The Zeta Rho Tau (ZRT) grew.\n", ["ZRT"]),
        ("She studied at the ZTU Institute for Arts.\n", ["ZTU"]),
        ("She studied at the SCO University Network.\n", ["SCO"]),
    ],
)
def test_initials_before_a_school_an_institute_or_a_name_that_ends_before_and(
    tmp_path: Path, body: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_the_as_an_acronym_inside_a_sentence_in_mixed_case(tmp_path: Path) -> None:
    body = (
        "Schools rose in the 2031 THE Asia-Pacific Rankings.\n\n# THE BEST SCHOOLS\n\n## Rankings of THE World\n\n"
        "This is THE place to be.\n\nTHE END OF THE STORY\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [(f.line, f.text, f.suggestion) for f in found] == [(BODY_LINE, "THE", "Times Higher Education (THE)")]


def test_the_spelled_out_as_an_acronym_is_defined_there(tmp_path: Path) -> None:
    body = "The Lagoon Times Higher Education (THE) listed the latest THE Impact Rankings.\n"
    assert check_body(tmp_path, body, rules={"acronym"}) == []


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a party, a front or a movement is a body: its country keeps its name's words
        ("She leads the Liberal Party of Vietnam and the Vietnam Green Front.\n", []),
        ("Their group (Farmers Party of Vietnam) won.\n", []),
        ("The Secretary of Vietnam spoke.\n", [("Vietnam", None)]),  # a post's "of", no body's
        # a facility named with its country first
        ("Trainees use the Laos Riverside Workshop and the Taiwan Harbour Lab daily.\n", []),
        ("## Laos Riverside Workshop opens\n\nIt opened.\n", []),
        ("Trainees in Laos work daily.\n", [("Laos", "Lao PDR")]),
    ],
)  # fmt: skip
def test_parties_and_facilities_named_with_their_country_keep_it(tmp_path: Path, body: str, found: list) -> None:
    hits = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.suggestion) for f in hits] == found


def test_a_headline_verb_or_function_word_ends_the_run_before_a_name_word(tmp_path: Path) -> None:
    body = (
        "## Vietnam Welcomes 9th ABCX Board Forum\n\nThe 9th ABCX Board Forum met; the city welcomed it.\n\n"
        "## Vietnam Eager To Adopt Pilot Programme From Peru\n\nText.\n\n"
        "## Vietnam Riverside University Grows\n\nVietnam Riverside University grew; the riverside is green.\n\n"
        "## Vietnam Baptist College Grows\n\nIt grew.\n"
    )
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE, "Vietnam"), (BODY_LINE + 4, "Vietnam")]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("The Taiwan OBDF (Overseas Bursary and Development Fund) pays fees. Apply under Taiwan OBDF terms.\n", []),
        ("The Science Council and the Overseas Bursary Fund (Taiwan OBDF) chose students.\n", []),
        # a term's acronym, or one the text never gives as a body's, leaves the country to be checked
        ("The Taiwan GNP (Gross National Product) rose.\n", [("Taiwan", None)]),
        ("Apply under Taiwan OBDF terms.\n", [("Taiwan", None)]),
    ],
)  # fmt: skip
def test_a_country_before_a_bodys_acronym_is_part_of_its_short_name(tmp_path: Path, body: str, found: list) -> None:
    hits = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.suggestion) for f in hits] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a name keeps its words inside quotation marks too
        ("Staff trained via “Skills for Traders through Laos-Peru Enterprise Institute” (May 2011 to June 2015).\n",
         []),
        ("“Laos-Peru links grow,” she said.\n", [("Laos", None)]),
        # a title in title case may keep its longer prepositions in small letters
        ("The “Teacher Growth through Vietnam Partnerships” scheme began.\n", []),
        ("“Teachers grow through Vietnam partnerships,” she said.\n", [("Vietnam", None)]),
        # the spaced and unspaced initials, and names that are new
        ("It was a goal for Lao P. D. R. to grow, and for Lao P.D.R. too.\n",
         [("Lao P. D. R.", "Lao PDR"), ("Lao P.D.R.", "Lao PDR")]),
        ("Members are Fiji, Solomon Island and the Solomon Islands.\n", [("Solomon Island", "Solomon Islands")]),
        ("Fees apply to the former Yugoslav Republic of Macedonia and Former Yugoslav Republic of Macedonia.\n",
         [("former Yugoslav Republic of Macedonia", "North Macedonia"),
          ("Former Yugoslav Republic of Macedonia", "North Macedonia")]),
        ("In 2005 the former Yugoslav Republic of Macedonia joined.\n", []),
        # a post before "in" is a person, not an office
        ("We met Ms Ana Ruiz, Peruvian Deputy Head of Mission in Vietnam.\n", [("Vietnam", "Viet Nam")]),
        ("We met staff of the Peruvian Mission in Vietnam.\n", []),
    ],
)  # fmt: skip
def test_names_in_quotations_new_names_and_posts(tmp_path: Path, body: str, found: list) -> None:
    hits = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.suggestion) for f in hits] == found


def test_a_word_right_before_a_name_word_in_a_heading_is_the_names_whatever_the_text_writes(tmp_path: Path) -> None:
    body = (
        "## Vietnam National University Opens\n\nThe national policy helps, and the university grew.\n\n"
        "## Vietnam Hosts 47th Council Conference\n\nCities will host the council.\n"
    )
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE + 4, "Vietnam")]


def test_a_list_of_abbreviations_with_only_a_space_after_each_defines_them_all(tmp_path: Path) -> None:
    body = (
        "### Short forms\n\n"
        "- PLF Pelican Loan Facility\n"
        "- ORB ZWU Oversight Review Board\n"
        "- TnV Township of Norvale\n"
        "- ZWU Zonal Water Unit\n"
        "- GXP gross xenon product\n\n"
        "The PLF paid the ORB, the ZWU and TnV; GXP grew.\n"
    )
    assert check_body(tmp_path, body, rules={"acronym"}) == []


def test_a_short_list_of_sentences_that_begin_with_an_acronym_defines_nothing(tmp_path: Path) -> None:
    body = "Partners:\n\n- QRMA Builds wells in the hills\n- VOLTA Trains nurses\n\nMore text.\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["QRMA", "VOLTA"]


def test_a_long_list_of_sentences_that_begin_with_an_acronym_is_no_list_of_abbreviations(tmp_path: Path) -> None:
    body = "- QRMA Builds wells in the hills\n- VOLTA Trains nurses\n- KESTR Funds bridges\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["QRMA", "VOLTA", "KESTR"]


def test_a_label_in_capitals_with_a_remark_in_brackets_before_its_colon(tmp_path: Path) -> None:
    body = (
        "MONEY RATES (Rate Effective 3 May 2021): Unit = Crown; 1 Crown = $0.1\n\nPLOV (2019): a report of the year.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE + 2, "PLOV")]


def test_a_former_name_in_brackets_after_a_body_is_no_undefined_use(tmp_path: Path) -> None:
    body = (
        "The Harbour Aid Group (formerly HaAid) and the Lake Fund (previously known as LKF) met; HaAid paid.\n\n"
        "Ms Orla Penn (formerly with QZT) spoke.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["QZT"]


def test_two_acronyms_side_by_side_that_join_into_a_defined_one(tmp_path: Path) -> None:
    body = (
        "The Fen River Water Group (FRWG) met. The FR WG met again, and the FR WG closed.\n\n"
        "The Alba Bay (AB) and the Cove Dunes (CD) formed the AB-CD Net (ABCDNET). The ABCD NET spoke.\n\n"
        "The PQ RS met.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["FR", "PQ", "RS"]


def test_an_acronym_in_capitals_and_in_mixed_case_is_one_acronym(tmp_path: Path) -> None:
    body = "They signed two MOUs. A third MoU followed, then the DoRT and the DORT.\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["MOU", "DoRT"]


def test_two_acronyms_joined_by_a_slash_in_a_definition(tmp_path: Path) -> None:
    body = (
        "She studies for a Master of Rural Planning in Water Studies (MRP/WS). WS is new.\n\n"
        "The Blue Lake Board (BLB/QX) met; QX too.\n"
    )
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["QX"]


def test_a_currency_with_a_space_before_its_dollar_sign(tmp_path: Path) -> None:
    body = "A grant of NT $12.000 a month, HK $ 500 a year, and the QRT $5 fund.\n"
    found = check_body(tmp_path, body, rules={"acronym"})
    assert [f.text for f in found] == ["QRT"]


def test_a_five_letter_word_in_capitals_is_an_acronym_whatever_its_family_in_small_letters(tmp_path: Path) -> None:
    body = "The QUEST office opened; the SHARE group met, and staff shared notes on their quests.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["QUEST", "SHARE"]


def _spelling(tmp_path: Path, body: str) -> list[tuple[int, str, str | None]]:
    return [(f.line - BODY_LINE, f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"spelling"})]


def test_a_name_the_text_writes_with_the_house_spelling_is_misspelt_where_it_differs(tmp_path: Path) -> None:
    body = (
        "The Korimba Regional Centres share a budget, and the Korimba Regional Centres report yearly.\n\n"
        "In 2021, 14 Korimba Regional Centers took part.\n\n"
        "The Lantor Regional Center for Rice Studies opened.\n"
    )
    assert _spelling(tmp_path, body) == [(2, "Centers", "Centres")]


def test_a_misspelt_official_name_is_reported_on_its_differing_word(tmp_path: Path) -> None:
    body = (
        "A report of the United Nations Educational, Scientific and Cultural Organisation came out.\n\n"
        "The Southeast Asian Ministers of Education Organisation Regional Centre in Vellora hosted it.\n\n"
        "The Shanghai Cooperation Organisation and the Tovari Growers Organisation met.\n"
    )
    found = _spelling(tmp_path, body)
    assert found == [(0, "Organisation", "Organization"), (2, "Organisation", "Organization")]


def test_the_short_name_of_a_body_the_text_names_keeps_its_spelling(tmp_path: Path) -> None:
    body = (
        "Mereni College opened its Center for Outreach and Alumni Relations in 2001.\n\n"
        "Under the rector, the Center is led by a dean. The Center also runs a radio station.\n\n"
        "Each faculty has a Center that students visit.\n"
    )
    assert _spelling(tmp_path, body) == [(4, "Center", "Centre")]
    unnamed = "Under the rector, the Center is led by a dean.\n"  # no body of that word in the text
    assert _spelling(tmp_path, unnamed) == [(0, "Center", "Centre")]


def test_a_first_word_before_of_and_a_peoples_adjective_is_no_name(tmp_path: Path) -> None:
    body = "Internationalisation of Tovarian colleges is slow.\n\nLabor of Tovaria Union was founded in 1950.\n"
    assert _spelling(tmp_path, body) == [(0, "Internationalisation", "Internationalization")]


def test_a_ministry_name_runs_through_commas_and_and(tmp_path: Path) -> None:
    body = "- MYEL Ministry of Youth, Employment and Labor and Social Affairs\n\nYouth, employment and labor rose.\n"
    assert _spelling(tmp_path, body) == [(2, "labor", "labour")]


def test_generic_terms_in_title_case_after_a_label_an_enumerator_or_in_a_glossary(tmp_path: Path) -> None:
    body = (
        "Places:\n\n- R&D Program: 40 places\n- Teaching Program: 12 places\n\n"
        "Stipend: (a) Doctoral Program: a monthly sum.\n\n"
        "- NER Net Enrollment Ratio\n- CoP Center of Practice\n- LFS Labor Force Survey\n"
        "- SDP Sector Development Program\n- HWC Hill-Valley Center\n"
    )
    assert [text for _, text, _ in _spelling(tmp_path, body)] == [
        "Program",
        "Program",
        "Program",
        "Enrollment",
        "Center",
    ]


def test_licenses_after_an_adjective_is_the_noun(tmp_path: Path) -> None:
    body = "Nurses need the locally issued Tovarian licenses. The board licenses nurses, and Vellora licenses them.\n"
    assert _spelling(tmp_path, body) == [(0, "licenses", "licences")]


def test_a_name_with_its_acronym_in_a_heading_and_a_list_item_written_so_elsewhere_keep_their_spelling(
    tmp_path: Path,
) -> None:
    body = (
        "### Marovo Literacy Support Program (MLSP) Review 2020\n\nText.\n\n### Study Program (XYZ) news\n\n"
        "Exchanges:\n\n1. Vellora Program\n2. Tovari Program\n\nSince 1990, Vellora Program grants have grown.\n"
    )
    assert [(line, text) for line, text, _ in _spelling(tmp_path, body)] == [(4, "Program"), (9, "Program")]


def test_a_post_with_its_field_in_brackets_is_no_name(tmp_path: Path) -> None:
    body = "She became Director (Program) at Lantor Trust, and Marovo Aid's Program Officer left.\n"
    assert [text for _, text, _ in _spelling(tmp_path, body)] == ["Program", "Program"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # an aside in brackets after an acronym is no definition unless its words could spell it
        ("Bodies such as QEAR (appointed for two years) joined. The CPD (continuing professional development) grew.\n",
         ["QEAR"]),
        # the letters after a document's serial number, units of frequency, a name begun with initials
        ("It issued Decision No. 4471/QD-BTTX. The station is on 567 kHz and 103.7 MHz.\n", []),
        ("The head of QTRS Community School spoke. The ZenVo Lagoon Limited company grew.\n", []),
        ("The QTX Regional Skills Network met.\n", ["QTX"]),
    ],
)  # fmt: skip
def test_asides_serial_numbers_units_and_names_begun_with_initials(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_word_in_small_letters_after_a_bodys_name_is_no_word_of_the_name(tmp_path: Path) -> None:
    body = "The Lagoon Schools Ministry spokesman Tui Vaka said so. The Ministry of Manpower met.\n"
    found = check_body(tmp_path, body, rules={"gender-neutral"})
    assert [f.text for f in found] == ["spokesman"]


def test_the_region_closed_up_or_with_spaces_around_its_dash(tmp_path: Path) -> None:
    body = "Data from 24 AsiaPacific countries, Asia –Pacific bodies and work at Asia - Pacific level.\n"
    found = check_body(tmp_path, body, rules={"region-phrase"})
    assert [(f.text, f.suggestion) for f in found] == [
        ("AsiaPacific", "Asia-Pacific"),
        ("Asia –Pacific", "Asia-Pacific"),
        ("Asia - Pacific", "Asia-Pacific"),
    ]


def _countries(tmp_path: Path, body: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in check_body(tmp_path, body, rules={"country-name"})]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a newspaper's masthead keeps its words; the country before a plain word is checked
        ("As reported by the Vietnam Velmora Daily and the Korea Ostrel Tribune, fees rose.\n", []),
        ("The paper quotes the Laos Sentinel Gazette on Monday.\n", []),
        ("Daily flights now link Vietnam with Tovaria.\n", [("Vietnam", "Viet Nam")]),
    ],
)  # fmt: skip
def test_a_newspapers_masthead_keeps_its_words(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the name of an event keeps its country; the word in small letters is no name
        ("A Guardian of the Islamic Revolution of Iran, Cleric Ovan Dasht, spoke on the radio.\n", []),
        ("The revolution of Iran is, for many, still going on.\n", [("Iran", "Iran (Islamic Republic of)")]),
    ],
)  # fmt: skip
def test_the_name_of_an_event_keeps_its_country(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a dash aside that gives the other name speaks of the name
        ("Hope is high in Burma–the country also known as Myanmar–as the schools reopen.\n", []),
        ("Hope is high in Burma – now known as Myanmar – as the schools reopen.\n", []),
        ("Burma (also called Myanmar) has a new school plan.\n", []),
        # the aside names another country: the name is checked
        ("Hope is high in Burma – known as Tovaria's neighbour – as the schools reopen.\n", [("Burma", "Myanmar")]),
    ],
)  # fmt: skip
def test_an_aside_that_gives_the_other_name(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # right after the country in a heading, a plural name word is the heading's noun
        ("## Laos Projects - Some Reading Facts\n\nThe villages read more.\n", [("Laos", "Lao PDR")]),
        ("## VIETNAM UNIVERSITIES\n\nThe campuses grow.\n", [("VIETNAM", "VIET NAM")]),
        # unless the text writes the words so in its sentences; a singular name word stays a name
        ("## Laos Projects\n\nThe Laos Projects are run by Velmora Aid.\n", []),
        ("## Vietnam Ostrel Office\n\nThe office opened.\n", []),
        # outside headings a plural name word still ends a name
        ("She joined the Vietnam Centers for Ostrel Studies.\n", []),
    ],
)  # fmt: skip
def test_a_plural_name_word_after_the_country_in_a_heading(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the Islamic Republic was proclaimed in April 1979: that year alone is its time
        ("Families began to move to Iran in 1979 when the drought came.\n", [("Iran", "Iran (Islamic Republic of)")]),
        ("Before 1979, families moved to Iran for work.\n", []),
        ("In 1978 families moved to Iran for work.\n", []),
        # a change late in its year leaves that year to the old name
        ("In 1975 the teachers of Laos went on strike.\n", []),
    ],
)  # fmt: skip
def test_the_year_of_an_early_change_is_the_new_names(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


def test_a_month_needs_the_year_of_the_change(tmp_path: Path) -> None:
    from builder.check.rules import ContentError, Substitution

    with pytest.raises(ContentError, match="month"):
        Substitution("t", "error", "%s", Path("t.yml"), {"swap": {"Borduria": {"to": "Bordurie", "month": 4}}})


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # an old century and a realm of its time make history, whatever the tense
        ("Temple teaching is best known in upland Burma, with records from the 12th century under the Ovar "
         "Kingdom.\n", []),
        # a century that reaches the present, or one with no realm, is checked
        ("Burma has had temple schools since the 12th century, as under the Ovar Kingdom.\n", [("Burma", "Myanmar")]),
        ("Burma has had temple schools since the 12th century.\n", [("Burma", "Myanmar")]),
        ("Burma is well known, with records of the 12th century and trade with the United Kingdom.\n",
         [("Burma", "Myanmar")]),
    ],
)  # fmt: skip
def test_an_old_century_and_a_realm_are_history(tmp_path: Path, body: str, found: list) -> None:
    assert _countries(tmp_path, body) == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # after "the", capitalized words between the country and the word for a project make its name
        ("The Korea Ostrel Reading project, paid for by a loan, closed.\n", []),
        # with no capitalized word between, the project is the one in that country
        ("The Korea project, paid for by a loan, closed.\n", [("Korea", "Republic of Korea")]),
    ],
)  # fmt: skip
def test_a_project_named_after_the(tmp_path: Path, body: str, found: list) -> None:
    assert [(t, s) for t, s in _countries(tmp_path, body)] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # an era of the past named in a sentence of the past is history
        ("Their ways were carried on to schools such as Iran's Ostrel school during the Islamic era.\n", []),
        # a sentence of the present is checked
        ("During the Islamic era, schools were built; schools in Iran are many today.\n",
         [("Iran", "Iran (Islamic Republic of)")]),
    ],
)  # fmt: skip
def test_an_era_of_the_past_named_in_the_sentence(tmp_path: Path, body: str, found: list) -> None:
    assert [t for t, _ in _countries(tmp_path, body)] == [t for t, _ in found]


def test_a_state_under_a_colonial_power_is_history(tmp_path: Path) -> None:
    body = "Few schools opened in East Timor under the Portuguese.\n\nEast Timor now trains its own teachers.\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.line, f.text) for f in found] == [(BODY_LINE + 2, "East Timor")]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # half a century is within living memory: no history word
        ("The story of schooling in Laos goes back over half of a century ago.\n", ["Laos"]),
        ("A century ago, few in Laos could read.\n", []),
    ],
)  # fmt: skip
def test_part_of_a_century_is_no_history_word(tmp_path: Path, body: str, found: list) -> None:
    assert [t for t, _ in _countries(tmp_path, body)] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # letters after a given and a family name are no acronym; the same letters alone are
        ("The Honourable Mira Tovald MP, opened the hall. Later the MP left.\n", ["MP"]),
        ("Judge Ana Brell KC spoke, and Sir Olin Darrow OBE replied.\n", []),
        ("Tane, who is also Lagoon Bay MP, spoke.\n", ["MP"]),
        # a range of Roman numerals, not capitals that spell hundreds
        ("All pupils of Grades II-IV and of the CIV-X group met.\n", ["CIV-X"]),
        # a word in capitals for emphasis with an ending of its own, beside its family in small letters
        ("We stress RESHAPING the plan. The plan was reshaped twice.\n", []),
        ("We stress RESHAPING the plan. It was a good plan.\n", ["RESHAPING"]),
    ],
)  # fmt: skip
def test_post_nominals_roman_ranges_and_emphasis_with_endings(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # after "a", a run going on with "of"/"for" and words the text writes in small letters is one of a kind
        ("The plan was for a Coastal Center for Reef Monitoring. Work on coastal reef monitoring is costly.\n",
         ["Center"]),
        # ... not before a noun in small letters, nor with a word only names use, nor after "A" inside a title
        ("She won a Coastal Center for Reef Monitoring grant. Work on coastal reef monitoring is costly.\n", []),
        ("They built a Center for Borduria Studies. Its studies grew.\n", []),
        ("The Every Pupil A Writer Program (EPAWP) grew. Pupil writer work is new.\n", []),
    ],
)  # fmt: skip
def test_an_indefinite_article_makes_a_run_in_capitals_one_of_a_kind(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"spelling"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # an acronym in the plural shows a kind of body, in a sentence or in a heading
        ("Parents run Hill Tutoring Centers (HTCs), also called Tutoring Centers (TCs). Tutoring centres grew.\n",
         ["Centers", "Centers"]),
        ("### Village Outreach Programs (VOP)\n\nVOPs are run each year.\n", ["Programs"]),
        # a name with its acronym in the singular stays
        ("### Village Outreach Program (VOP)\n\nThe VOP is run each year.\n", []),
    ],
)  # fmt: skip
def test_a_plural_acronym_makes_a_kind_of_body(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"spelling"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a count before a run in the plural, and a run that ends with an indicator's word
        ("The ministry runs 4,310 Village Health Centers; most are small.\n", ["Centers"]),
        ("Criteria include the Net Enrollment Rate of each school.\n", ["Enrollment"]),
        # a place in the run (written standing alone in a sentence) keeps its name; so does a body's word
        ("There will be 30 Borduria Skills Centers soon. Work in Borduria is scarce.\n", []),
        ("The Borduria Statistics Office Enrollment Rate rose.\n", []),
    ],
)  # fmt: skip
def test_counted_kinds_and_indicators_in_title_case(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"spelling"})] == found


def test_a_table_row_in_title_case_is_no_name(tmp_path: Path) -> None:
    body = (
        "| Course | Place |\n|---|---|\n| Lessons Given At | Licensed Skills Centers Only |\n"
        "| Harbour Week | Lagoon Skills Centers |\n"
    )
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.line) for f in found] == [("Centers", 6)]


def test_a_department_after_a_label_keeps_its_spelling(tmp_path: Path) -> None:
    body = "- Parent body: Office of Labor and Jobs (from 2020)\n- Note: labor laws changed.\n"
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [f.text for f in found] == ["labor"]


def test_a_post_before_a_defined_bodys_acronym_is_reported(tmp_path: Path) -> None:
    body = "The Borduria Skills Commission (BSC) met, chaired by Dr. Pel Varo, Chairman BSC. The Borduria BSC grew.\n"
    found = check_body(tmp_path, body, rules={"gender-neutral"})
    assert [f.text for f in found] == ["Chairman"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a heading neither uses nor defines: the text below spells the acronym out at its first use
        ("## Valley Reading Circles (VRC)\n\nVRCs meet weekly. Each VRC has a tutor.\n", ["VRC"]),
        ("## The work of the QPLX\n\nThe QPLX met twice.\n", ["QPLX"]),
        # months shortened in capitals in a table of dates, beside a day or a year
        ("| Party | Signed |\n|---|---|\n| Lantau | 2019 MAR 4 |\n| Bayside | NOV 12, 2020 |\n", []),
        # the same letters elsewhere are acronyms
        ("Pupils sat the MAR before the DEC staff came.\n", ["MAR", "DEC"]),
        # the capitals that open a declaration and its clauses
        ("WE, the ministers, met.\n\nNOTING with concern that few girls enrol,\n\nCONVINCED that it matters,\n", []),
        ("The QWERTYING group met.\n", ["QWERTYING"]),
    ],
)  # fmt: skip
def test_headings_months_in_dates_and_clauses_of_a_declaration(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Schools hired staff without licenses and asked for licenses.\n", ["licenses", "licenses"]),
        ("The ministry will license teachers with care.\n", []),
    ],
)  # fmt: skip
def test_license_after_a_preposition_is_the_noun(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"spelling"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a field of study, a national study-abroad programme and an event named after a place keep their names
        ("She reads Taiwan studies and promotes Study in Taiwan at each fair.\n", []),
        ("A Taiwan Day and the Vietnam Education Fair were held in Hanoi.\n", []),
        ("The Pearl-Hong Kong-Macao Greater Bay Area links the three cities.\n", []),
        # a body that deals with the affairs of several places names them all
        ("The Hong Kong, Macao and Taiwan Affairs Office wrote to schools.\n", []),
        # plain coordination is no name: each place is checked
        ("Students from Hong Kong and Taiwan met on Foreign Affairs.\n", ["Hong Kong", "Taiwan"]),
        ("Students from Laos and Vietnam National University met.\n", ["Laos"]),
    ],
)  # fmt: skip
def test_fields_events_and_bodies_named_after_places(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"country-name"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a campaign spelled out before its acronym is a name; a term before its acronym is not
        ("The National Primary Enrollment Campaign (NPEC) began in 2020.\n", []),
        ("The Gross Enrollment Ratio (GER) rose.\n", ["Enrollment"]),
    ],
)  # fmt: skip
def test_a_campaign_before_its_acronym_keeps_its_spelling(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"spelling"})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the level of a qualification in brackets after its acronym defines nothing
        ("Pupils sat the QCE (Ordinary Level) in May. The QCE results came out.\n", ["QCE"]),
        ("The TQO (Tonga Quality Office) met. The TQO wrote.\n", []),
        # "herewith known as" and "(hereafter ACR Place)" define it
        ("The Quarterly Rural Schools Visit, herewith known as QRSV, ran. The QRSV helped.\n", []),
        ("The Ministry of Basic Schooling (hereafter MoBS Borduria) met. MoBS staff came.\n", []),
        # an acronym in mixed case that begins a compound is used there
        ("The DepEd-ZAR office met. The DepEd office met.\n", ["DepEd-ZAR"]),
        ("A DepEd-funded school opened.\n", ["DepEd"]),
        # datelines with the agency after a comma, or the agency and the date in brackets without a colon
        ("BORDURIA CITY, 02 May 2022, (ZNA): Schools reopened today.\n", ["ZNA"]),
        ("LAGOONVILLE, (Reef Wire / Pacific News - 3rd Jan, 2022 ) The ministry opened schools.\n", []),
        # a word in capitals with its long form in brackets after it, at a paragraph's start, is defined
        ("ZQAB (Zone Quality Assurance Board) Teams met. ZQAB grew.\n", []),
    ],
)  # fmt: skip
def test_levels_hereafter_compounds_and_datelines(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_quotation_of_several_paragraphs_keeps_its_spellings(tmp_path: Path) -> None:
    body = (
        '"The new centers opened in May, and 60 families enrolled.\n\n'
        '"We will open more centers next year.\n\n'
        "The ministry's center stayed shut.\n"
    )
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.line) for f in found] == [("center", 8)]


def test_the_last_paragraph_of_a_quotation_that_never_closes_is_quoted_too(tmp_path: Path) -> None:
    body = '"Girls enrolled in May.\n\n"Of them, most are in the center.\n\n## Next\n\nThe center grew.\n'
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.line) for f in found] == [("center", 10)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a link to the article in another language between a name and its acronym
        ("The University of Lagoon Economy and Diplomacy [ru] (ULED) opened. ULED grew.\n", []),
        # a noun with an apostrophe between the acronym and its words in brackets
        ("The QRT master's course (quality review training) grew. QRT grew.\n", []),
    ],
)  # fmt: skip
def test_definitions_with_a_language_link_or_a_possessive_noun(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_did_not_have_is_no_word_of_the_present(tmp_path: Path) -> None:
    body = (
        "A school opened in 1912. By 1914 its graduates went to cities in Russia for further study. In the 1920s "
        "monasteries ran schools for boys who did not have to take vows.\n"
    )
    assert check_body(tmp_path, body, rules={"country-name"}) == []


def test_the_old_name_in_square_brackets_after_the_new_one_is_a_gloss(tmp_path: Path) -> None:
    body = "In Timor Leste [East Timor], which is young, schools grew. Pupils in East Timor sing.\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [f.text for f in found] == ["Timor Leste", "East Timor"]


def test_a_newspapers_credit_line_names_no_acronyms(tmp_path: Path) -> None:
    body = "Lagoon Post - - NATIONAL - ARAYA SOMBAT\n\nThe QXT grew.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["QXT"]


def test_a_table_of_labels_and_values_writes_its_labels_in_title_case(tmp_path: Path) -> None:
    body = (
        "| Project Name | Second Reef Skills Program |\n|---|---|\n| Country | Borduria |\n"
        "| Project/Program Number | 3438 |\n| Executing Agency | Office of Labor and Jobs |\n\nText.\n"
    )
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.line) for f in found] == [("Program", 4), ("Program", 7)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a byline with the reporter's name in capitals, and an agency between slashes before a full stop
        ("By ARAYA SOMBAT/ Staff Writer\n\nThe QXT grew.\n", ["QXT"]),
        ("Lagoonville /LPNA/. The students met.\n\nLagoonville /LPNA/ More met.\n", []),
        # "By" that begins a sentence is no byline
        ("By QXT standards, it grew.\n", ["QXT"]),
    ],
)  # fmt: skip
def test_bylines_and_agencies_between_slashes(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_meeting_named_with_its_countries_keeps_its_name(tmp_path: Path) -> None:
    body = "The 1st Korea-Japan-China Education Minister Meeting was held. Korea is near.\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.column) for f in found] == [("Korea", 64)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a list of abbreviations with a minus sign for its dash
        ("- QCD − quality care development\n- ZRB − zone review board\n- KLM – key learning module\n\nQCD, KLM.\n", []),
        # initials of a person after a post, or alone with the name on an author's line
        ("Prime Minister KP Lama Oli agreed. Lyonpo JB Dorji spoke.\n", []),
        ("KP Lama\n\nThe Director QXT Office met.\n", ["QXT"]),
        # an acronym in brackets after another acronym defines nothing; a name in capitals still defines its own
        ("Pupils sat the QCE (AL) examination.\n", ["QCE", "AL"]),
        ("UNIVERSITI LAGUNA (UL) grew. UL is big.\n", ["UNIVERSITI", "LAGUNA"]),
        ("The Lagoon Cultural Centre for UNESCO (LCCU) met. LCCU grew.\n", []),
        # the kind of a document before its number
        ("PR No.04 Lagoonville: April 1, 2016\n", []),
    ],
)  # fmt: skip
def test_minus_sign_lists_initials_after_posts_and_bracketed_acronyms(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_numbered_item_in_title_case_has_its_capitals_by_style(tmp_path: Path) -> None:
    body = "1. Recruitment of Teachers\n2. Issuance of Teaching Licenses\n3. Office of Labor Affairs\n"
    found = check_body(tmp_path, body, rules={"spelling"})
    assert [(f.text, f.line) for f in found] == [("Licenses", 5)]


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # an acronym after a prefix in small letters is used there; a year span after it in brackets defines it
        ("Few non-QXTM courses run, and QXTM grew.\n", "acronym", ["QXTM"]),
        ("A Sino-QXZ pact was signed.\n", "acronym", []),
        ("The Reef Sector Strategic Plan (RSSP 2012-2015) was adopted. The RSSP guides work.\n", "acronym", []),
        # the noun after "whose"; a minister named after the ministry; a currency's full name
        ("Teachers whose licenses lapsed returned.\n", "spelling", ["licenses"]),
        ("The incoming Manpower Minister Jo Tan spoke.\n", "gender-neutral", []),
        ("It cost 500 New Taiwan Dollars.\n", "country-name", []),
    ],
)  # fmt: skip
def test_prefixed_acronyms_year_spans_and_names_of_posts_and_currencies(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


def test_a_roman_numeral_with_a_letter_numbers_a_region(tmp_path: Path) -> None:
    body = "Schools in Region IV-A and Region XII opened. The QX-B unit met.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["QX-B"]


def test_a_pictures_credit_names_no_acronyms(tmp_path: Path) -> None:
    body = "Image: LPN/social media\n\nThe minister spoke (Photo by: BPMX/Lukas). The QXT met.\n"
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["QXT"]


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a quotation pasted with a straight opening mark and a curly closing one keeps its spelling
        ('"The new program is good,” he said. The program grew.\n', "spelling", ["program"]),
        # the official name of a reform
        ("The K to 12 Program began; each program has a plan.\n", "spelling", ["program"]),
        # the kind of a school before its name
        ("Pupils of SMK Lagoon Indah and SMA Negeri 3 came. The SMK grew.\n", "acronym", ["SMK"]),
    ],
)  # fmt: skip
def test_mixed_quotation_marks_a_reforms_name_and_kinds_of_schools(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a label in title case before a colon has its capitals by style; a body's name in it keeps its words
        ("Scholarship Programs: the agency offers two.\n\nOffice of Labor: open\n", "spelling", ["Programs"]),
        # an identifier joined by underscores is no acronym
        ("The UP_TVET project and the QXT met.\n", "acronym", ["QXT"]),
    ],
)  # fmt: skip
def test_labels_in_title_case_and_identifiers(tmp_path: Path, body: str, rule: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # the number of a meeting in Roman figures after the acronym in brackets
        ("The second Lagoon Meeting on Education 2030 (LMED2030 II) met. LMED2030 grew.\n", []),
        # the acronym, a comma and the name that spells it
        ("EQAX, the European Quality Assurance Xegister for Higher Education, has grown. EQAX met.\n", []),
        ("The QTR, Ministry of Schools, met.\n", ["QTR"]),
    ],
)  # fmt: skip
def test_roman_numbers_of_meetings_and_names_after_a_comma(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_mission_accredited_to_a_country_keeps_its_name(tmp_path: Path) -> None:
    body = "The Australian Embassy to Laos and the Union Delegation to Laos met. Students went to Laos.\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.column) for f in found] == [("Laos", 87)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a dateline whose place has accents on its capitals
        ("LAGÙN THỊ – The embassy met the XQA.\n", ["XQA"]),
        # a word in capitals that is a paragraph of its own, asked or exclaimed
        ("WHERE?\n\nThe XQA met where the river bends.\n", ["XQA"]),
        # names that are the acronym alone, a region named by its provinces' initials, a postcode
        ("Graduates of RMIT and KAIST sent mail to Gadong BE1318 in FY2014 and the XQA.\n", ["FY2014", "XQA"]),
    ],
)  # fmt: skip
def test_accented_datelines_asked_labels_bare_names_and_postcodes(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a plural's possessive inside a body's name keeps the name's words and spelling
        ("She advises the Lagoon Women Teachers’ Organisation. The teachers’ organisation met.\n", "spelling",
         ["organisation"]),
        ("She advises the Lagoon Women Teachers’ Organisation. Some women teachers’ pay fell.\n", "gender-neutral",
         ["women teachers"]),
        # a singular possessive ends the name: the country before it is checked
        ("We visited Hong Kong’s University of Lagoon.\n", "country-name", ["Hong Kong"]),
    ],
)  # fmt: skip
def test_a_plurals_possessive_inside_a_name(tmp_path: Path, body: str, rule: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


def test_the_region_east_asia_and_the_pacific_takes_its_article(tmp_path: Path) -> None:
    body = (
        "Pupils in the East Asia and Pacific region read. East Asia and Pacific's schools grew.\n\n"
        "The East Asia and Pacific Bureau met.\n"
    )
    found = check_body(tmp_path, body, rules={"region-phrase"})
    assert [(f.line, f.column, f.text, f.suggestion) for f in found] == [
        (4, 20, "Asia and Pacific", "Asia and the Pacific"),
        (4, 55, "Asia and Pacific", "Asia and the Pacific"),
    ]


def test_a_line_of_a_list_of_abbreviations_may_head_with_several_acronyms(tmp_path: Path) -> None:
    body = (
        "- BLC Borduria Learning Council\n- CPD Continuous professional development\n"
        "- LRO TWG Lagoon Regional Organisations Technical Working Group\n- QTA Quality Teaching Agency\n\n"
        "The LRO TWG met the QTA and the XQB.\n"
    )
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["XQB"]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a news agency's credit after a dash at the end of an item is no first use; a dash inside a sentence is
        ("Enrolment rose to 98 per cent.  — LNS\n\nThe hall was full — QRT officials said.\n", ["QRT"]),
        ("Pupils read.\n\n– LNA/ANN\n", []),
        # the kind of a document before its number is a use inside a sentence
        ("Schools follow CMX No. 8, s. 2019.\n", ["CMX"]),
    ],
)  # fmt: skip
def test_agency_credits_after_a_dash_and_documents_numbered_in_a_sentence(
    tmp_path: Path, body: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_a_curly_quotation_left_open_runs_to_the_end_of_its_paragraph(tmp_path: Path) -> None:
    body = (
        "“Secondly, schools must recognise the union of teachers.\n\n"
        "The head said “we organise it well and it is done.\n\n"
        "The ministry will organise a fair.\n"
    )
    assert [(f.line, f.text) for f in check_body(tmp_path, body, rules={"spelling"})] == [(8, "organise")]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # ordinary words in capitals: a story's first word, the clauses of a charter, a word inside an event's name
        ("WHEN Lagoon Yar was young she met the XQA.\n\nThe ECCD WEEK opened.\n", ["XQA", "ECCD"]),
        ("We, the Peoples,\nDESIROUS of peace, ANXIOUS to act,\nHAVE, through our Governments, adopted it.\n", []),
        # an honour after a name, after any word; the letters of a seat only after a person's name
        ("A talk by Dr Aroha Lagoon, AO, and by Kiri Lagoon OBE.\n\nShe is also Lagoon Bay MP.\n", ["MP"]),
        # a byline with its publication, an author's line with the affiliation, a form's label, a Korean name
        ("By ARAYA SOMBAT | LAGOON TIMES\n\nKIRI TAMA, Universidade Nova de Lagoa\n\nSurname: SAN\n\n"
         "The Minister, PAIK Lakh-jun, met the UNESCO Asia-Pacific XQA.\n", ["XQA"]),
        # a news agency's credit at the end of an item and on a line of its own, and its photo credit
        ("The schools got certificates. LNA\n\nLNF/LNA\n\nA LNA photo shows the XQA.\n", ["XQA"]),
        # business schools and molecules known by their letters
        ("Graduates of INSEAD and ESSEC study DNA.\n", []),
    ],
)  # fmt: skip
def test_words_in_capitals_honours_bylines_family_names_and_credits(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a name after a possessive goes on past a number to the word for the thing
        ("Seoul draws pupils with its South Korea 300K project. Its Vietnam project grew.\n", "country-name",
         ["Vietnam"]),
        # more -ize stems and prefixed forms of "program"
        ("The subprograms synergise well.\n", "spelling", ["subprograms", "synergise"]),
        # all the capitalized words before a word count when the text spells a longer name the house way
        ("The Lagoon Government Scholarship Programme grew. The Borduria Government Scholarship Program (BGSP) "
         "grew.\n", "spelling", []),
    ],
)  # fmt: skip
def test_names_after_possessives_more_spellings_and_longer_names(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a picture credit in capitals or with "credits to", and a contraction in capitals
        ("A class in Lagoonville. PHOTO: LAGOON-EFE\n\nPhoto credits to: Ana Cruz, The LANCE\n\n"
         "IT’S back to school for the XQA.\n", "acronym", ["XQA"]),
        # a range of per cents stays on its line
        ("- 15 countries closed due to COVID-19\n- 76% of children\n", "percent-sign", ["76%"]),
    ],
)  # fmt: skip
def test_credits_in_capitals_contractions_and_ranges_on_one_line(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "found"),
    [
        # a space after the opening bracket of the words that spell it
        ("We work with the QICT ( Quality Institute of Computing Technology) now. The QICT met.\n", []),
        # words in small letters before "or" that spell it; not fewer words than letters
        ("There are many lagoon branch campuses or LBCs. LBCs grew.\n\nFees or TVET grew.\n", ["TVET"]),
        # a word of the name before the acronym in its brackets; a note's number copied as text before them
        ("The Lagoon National Key Economic Area (Lagoon NKEA) grew. The NKEA met.\n\n"
         "The Economic Lagoon Board [2] (ELB) grew. The ELB met.\n\nThe Lagoon Fund (Borduria XQT) grew.\n", ["XQT"]),
    ],
)  # fmt: skip
def test_more_ways_to_spell_out_an_acronym(tmp_path: Path, body: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == found


def test_taiwan_under_japanese_rule_is_history(tmp_path: Path) -> None:
    body = (
        "In 1928, thirty years after establishing rule over Taiwan, the colonial government opened a college.\n\n"
        "Students in Taiwan now pay lower fees.\n"
    )
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.line, f.text) for f in found] == [(6, "Taiwan")]


def test_groups_broadcasters_and_reports_named_after_a_country(tmp_path: Path) -> None:
    body = (
        "See the Vietnam Educational Broadcasting System site and ask the Vietnam Lagoon Group.\n\n"
        "The Vietnam Edtech Report 2021 says so. The Vietnam report says so. The Vietnam school system grew.\n"
    )
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.line, f.column) for f in found] == [(6, 45), (6, 73)]


def test_a_portuguese_name_head_joined_by_de_keeps_its_place(tmp_path: Path) -> None:
    body = "The Universidade de Macau grew. The Instituto Politécnico de Macau grew. Pupils de Macau grew.\n"
    found = check_body(tmp_path, body, rules={"country-name"})
    assert [(f.text, f.column) for f in found] == [("Macau", 84)]


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a list of abbreviations with box-drawing lines for dashes; a dateline with its date in brackets
        ("- LDB ─ Lagoon Development Bank\n- BIEC ─ Borduria Island Entrepreneurship Centre\n- EA ─ executing agency"
         "\n\nLAGOON BAY, BORDURIA (29 November 2016) — The LDB and BIEC met the XQA.\n", "acronym", ["XQA"]),
        # a group and its members in brackets; codes with five figures; a domain; a state before its country
        ("It aids the BLM countries (Borduria, Lagoonia and Moravia). The BLM grew.\n\nReport No: QCR00004363\n\n"
         "LAGOON-VET.NET helps. She studied in Washington, DC United States.\n", "acronym", []),
        # the verb "practice" after people who do it or a verb of ability; the noun stays
        ("Students practice carving and continue to practice hygiene. Good practice matters.\n", "spelling",
         ["practice", "practice"]),
        # official names: the OECD's survey, SEAMEO with one minister
        ("The Program for International Student Assessment ranks them. The Southeast Asian Minister of Education "
         "Organisation met.\n", "spelling", ["Program", "Organisation"]),
    ],
)  # fmt: skip
def test_box_drawn_glossaries_bracketed_dates_members_codes_and_verbs(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a list of abbreviations with dashes defines all its acronyms, also one named in another language
        ("- LDB ─ Lagoon Development Bank\n- GTZ ─ Deutsche Gesellschaft für Technische Zusammenarbeit\n"
         "- EA ─ executing agency\n- ILO ─ International Labour Organization\n\nThe GTZ met.\n", "acronym", []),
        # a body's name spelled by its acronym keeps its country; a state's formal name is fixed
        ("The Vocational Training Laos (VTL) project grew. The Socialist Republic of Vietnam (SRV) grew.\n",
         "country-name", ["Vietnam"]),
    ],
)  # fmt: skip
def test_dashed_glossaries_and_names_spelled_by_their_acronym(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a compound with a word in small letters after its hyphen goes on in a name
        ("Plans for the Macao In-Depth Co-operation Zone grew. Macao co-operation grew.\n", "country-name",
         ["Macao"]),
        # a news wire's name, the statistics office's English name
        ("Data from Statistics Korea show it.\n\nSEOUL, Jan. 4 (Korea Bizwire) — Schools shut.\n", "country-name", []),
        ("Schools shut, CNN and the BBC said.\n", "acronym", []),
    ],
)  # fmt: skip
def test_compounds_in_names_news_wires_and_broadcasters(tmp_path: Path, body: str, rule: str, found: list) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a quotation in guillemets; "Eg" at a sentence's start
        ("«The programs are good», the minister said. Eg Lagoon grew.\n", "spelling", []),
        ("Eg Lagoon grew.\n", "eg-ie", ["Eg"]),
        # a reading room named after a country; countries in capitals heading a member list
        ("The Korea Corner opened.\n", "country-name", []),
        ("9. SRI LANKA One of the members. Graduates of ETH Zurich came.\n", "acronym", []),
        # a part numbered in Roman figures and a letter; an agency's credit with its staff's codes
        ("Phase IIB of the plan and the XQB grew. The CIB met.\n\nThe council met. LTI GJS AAR\n", "acronym",
         ["XQB", "CIB"]),
        # a list of its time: another name's present form in brackets
        ("The founding members were Burma (now Myanmar), Iran and Thailand.\n\n"
         "The members are Burma (now Myanmar) and Iran.\n", "country-name", ["Iran"]),
        # a name spelled the house way elsewhere, small words inside it
        ("The Lagoon Quality and Assessment Programme grew. The Lagoon Quality and Assessment Program met.\n",
         "spelling", ["Program"]),
    ],
)  # fmt: skip
def test_guillemets_member_lists_parts_credits_and_names_with_small_words(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


def test_a_name_then_as_the_acronym_was_called(tmp_path: Path) -> None:
    body = (
        "The South Pacific Lagoon Commission, as SPLC was formerly called, grew. The SPLC met.\n\n"
        "The council, as XQA was called, grew.\n"
    )
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["XQA"]


@pytest.mark.parametrize(
    ("body", "rule", "found"),
    [
        # a body's branch named by its acronym and the country; not a line in capitals
        ("The XQT Vietnam campus grew. EDUCATION IN Vietnam. Staff in Vietnam grew.\n", "country-name",
         ["Vietnam", "Vietnam"]),
        # the branch rule is the country rule's: a post after an acronym is checked
        ("The QEC Chairman spoke.\n", "gender-neutral", ["Chairman"]),
        # an acronym at a sentence's start is a name's capitals, not the sentence's
        ("XQT Center opened in May.\n", "spelling", []),
    ],
)  # fmt: skip
def test_branches_named_by_acronym_and_names_after_an_acronym(
    tmp_path: Path, body: str, rule: str, found: list
) -> None:
    assert [f.text for f in check_body(tmp_path, body, rules={rule})] == found


def test_a_name_then_or_and_the_acronym_after_its_parent_bodys(tmp_path: Path) -> None:
    body = (
        "The Lagoon Ministers of Education Organization (LAMEO) met. The Lagoon Regional Centre for Education in "
        "Science and Mathematics or LAMEO LRECSAM opened. LRECSAM grew.\n\nThe staff or ADB XQA met.\n"
    )
    assert [f.text for f in check_body(tmp_path, body, rules={"acronym"})] == ["ADB", "XQA"]
