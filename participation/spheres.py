"""The spheres of public-benefit activity (art. 4 ust. 1 of the Act of 24 April
2003 on public-benefit activity and volunteering), the list proposals are filed
under.

A stand-in until the organisation registry's own list lands (it owns the same
list for organisations); the lead unifies the two and this module then
re-exports it. The labels are the act's wording, quoted in Polish as the act
is: they are legal names, not interface text to translate.
"""

from django.db import models


class Sphere(models.TextChoices):
    SOCIAL_ASSISTANCE = "social_assistance", "pomoc społeczna"
    FAMILY_SUPPORT = "family_support", "wspieranie rodziny i systemu pieczy zastępczej"
    LEGAL_AID = "legal_aid", "nieodpłatna pomoc prawna i świadomość prawna"
    CHARITY = "charity", "działalność charytatywna"
    NATIONAL_TRADITION = (
        "national_tradition",
        "tradycja narodowa i świadomość obywatelska",
    )
    MINORITIES = "minorities", "mniejszości narodowe i etniczne, język regionalny"
    FOREIGNERS = "foreigners", "integracja cudzoziemców"
    HEALTH = "health", "ochrona i promocja zdrowia"
    DISABILITY = "disability", "działalność na rzecz osób niepełnosprawnych"
    EMPLOYMENT = "employment", "promocja zatrudnienia i aktywizacja zawodowa"
    EQUALITY = "equality", "równe prawa kobiet i mężczyzn"
    SENIORS = "seniors", "działalność na rzecz osób w wieku emerytalnym"
    ECONOMY = "economy", "rozwój gospodarczy i przedsiębiorczość"
    INNOVATION = "innovation", "rozwój techniki, wynalazczości i innowacyjności"
    COMMUNITIES = "communities", "rozwój wspólnot i społeczności lokalnych"
    EDUCATION = "education", "nauka, edukacja, oświata i wychowanie"
    CHILDREN_YOUTH = "children_youth", "dzieci i młodzież, w tym wypoczynek"
    CULTURE = "culture", "kultura, sztuka, dobra kultury i dziedzictwo narodowe"
    SPORT = "sport", "kultura fizyczna"
    ECOLOGY = "ecology", "ekologia, ochrona zwierząt i dziedzictwa przyrodniczego"
    TOURISM = "tourism", "turystyka i krajoznawstwo"
    PUBLIC_ORDER = "public_order", "porządek i bezpieczeństwo publiczne"
    DEFENCE = "defence", "obronność państwa"
    HUMAN_RIGHTS = "human_rights", "wolności i prawa człowieka, swobody obywatelskie"
    RESCUE = "rescue", "ratownictwo i ochrona ludności"
    DISASTER_RELIEF = "disaster_relief", "pomoc ofiarom katastrof, klęsk i wojen"
    CONSUMERS = "consumers", "prawa konsumentów"
    EUROPEAN_INTEGRATION = "european_integration", "integracja europejska"
    VOLUNTEERING = "volunteering", "promocja i organizacja wolontariatu"
    POLONIA = "polonia", "pomoc Polonii i Polakom za granicą"
    VETERANS = "veterans", "kombatanci i osoby represjonowane"
    PROMOTION_ABROAD = "promotion_abroad", "promocja Rzeczypospolitej za granicą"
    FAMILY = "family", "rodzina, rodzicielstwo, prawa dziecka"
    ADDICTIONS = "addictions", "przeciwdziałanie uzależnieniom i patologiom"
    REVITALISATION = "revitalisation", "rewitalizacja"
    NGO_SUPPORT = "ngo_support", "działalność na rzecz organizacji pozarządowych"
