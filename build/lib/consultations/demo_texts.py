# ruff: noqa: E501
"""Texts of the demo draft acts, as an editor would paste them (one paragraph per
line, hence the long lines)."""

PROGRAMME_2027 = """\
Projekt

UCHWAŁA NR …/…/2026
RADY GMINY PRZYKŁADOWO
z dnia … 2026 r.

w sprawie przyjęcia Rocznego programu współpracy Gminy Przykładowo z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, na 2027 rok

Na podstawie art. 18 ust. 2 pkt 15 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym (Dz. U. z 2025 r. poz. 1153) oraz art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie (Dz. U. z 2024 r. poz. 1491 z późn. zm.) Rada Gminy Przykładowo uchwala, co następuje:

§ 1. Przyjmuje się Roczny program współpracy Gminy Przykładowo z organizacjami pozarządowymi oraz podmiotami, o których mowa w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, na 2027 rok, stanowiący załącznik do uchwały.

§ 2. Wykonanie uchwały powierza się Wójtowi Gminy Przykładowo.

§ 3. Uchwała wchodzi w życie z dniem 1 stycznia 2027 r.

Załącznik do uchwały Nr …/…/2026 Rady Gminy Przykładowo

Rozdział 1
Postanowienia ogólne

§ 1. Ilekroć w programie jest mowa o:
1) ustawie – należy przez to rozumieć ustawę z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie;
2) organizacjach – należy przez to rozumieć organizacje pozarządowe oraz podmioty, o których mowa w art. 3 ust. 3 ustawy;
3) programie – należy przez to rozumieć Roczny program współpracy Gminy Przykładowo z organizacjami na 2027 rok;
4) Biurze – należy przez to rozumieć Biuro Współpracy z Organizacjami Pozarządowymi Urzędu Gminy Przykładowo.

Rozdział 2
Cele programu

§ 2. 1. Celem głównym programu jest wzmacnianie potencjału organizacji i rozwój współpracy z nimi w zaspokajaniu potrzeb mieszkańców Gminy Przykładowo.
2. Cele szczegółowe programu to:
1) zwiększenie udziału organizacji w realizacji zadań publicznych;
2) wspieranie wolontariatu, w szczególności wśród młodzieży i seniorów;
3) poprawa dostępu mieszkańców do informacji o działaniach organizacji;
4) wzmocnienie udziału organizacji w tworzeniu lokalnych dokumentów strategicznych.

Rozdział 3
Zasady i formy współpracy

§ 3. Współpraca Gminy z organizacjami odbywa się na zasadach pomocniczości, suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji i jawności.

§ 4. 1. Współpraca o charakterze finansowym polega na zlecaniu organizacjom realizacji zadań publicznych w formie powierzenia lub wsparcia, na zasadach określonych w ustawie.
2. Zlecanie zadań odbywa się w trybie otwartych konkursów ofert, a także z pominięciem konkursu w trybie art. 19a ustawy.
3. Gmina może udzielać organizacjom pożyczek na realizację zadań publicznych, jeżeli środki na ten cel zostaną zabezpieczone w budżecie.

§ 5. Współpraca o charakterze pozafinansowym obejmuje w szczególności:
1) wzajemne informowanie się o planowanych kierunkach działalności;
2) konsultowanie z organizacjami projektów aktów prawa miejscowego w dziedzinach dotyczących ich działalności statutowej;
3) tworzenie wspólnych zespołów o charakterze doradczym i inicjatywnym;
4) udostępnianie organizacjom bezpłatnie lokali gminnych na spotkania, w miarę posiadanych możliwości;
5) prowadzenie przez Biuro punktu doradztwa dla organizacji.

Rozdział 4
Priorytetowe zadania publiczne

§ 6. Priorytetowymi zadaniami publicznymi w 2027 roku są:
1) wspieranie i upowszechnianie kultury fizycznej wśród dzieci i młodzieży;
2) działalność na rzecz osób w wieku emerytalnym, w tym przeciwdziałanie samotności seniorów;
3) kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego;
4) ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego;
5) przeciwdziałanie uzależnieniom i patologiom społecznym.

Rozdział 5
Wysokość środków i sposób oceny realizacji programu

§ 7. Na realizację programu w 2027 roku planuje się przeznaczyć kwotę nie mniejszą niż 850 000 zł.

§ 8. 1. Miernikami efektywności realizacji programu są w szczególności:
1) liczba ogłoszonych otwartych konkursów ofert;
2) liczba ofert złożonych w konkursach;
3) liczba zawartych umów o realizację zadań publicznych;
4) wysokość środków przeznaczonych na realizację zadań.
2. Sprawozdanie z realizacji programu Wójt przedkłada Radzie Gminy w terminie do dnia 31 maja 2028 r. i publikuje je w Biuletynie Informacji Publicznej.

Rozdział 6
Komisje konkursowe

§ 9. 1. Oferty złożone w otwartych konkursach ofert opiniują komisje konkursowe powoływane przez Wójta.
2. W skład komisji wchodzi co najmniej dwóch przedstawicieli organizacji, z wyłączeniem osób reprezentujących organizacje biorące udział w konkursie.
3. Komisja może działać bez udziału przedstawicieli organizacji, jeżeli żadna organizacja nie wskaże swojego przedstawiciela.

§ 10. Program został opracowany po przeprowadzeniu konsultacji z organizacjami w sposób określony w uchwale Nr XI/87/2025 Rady Gminy Przykładowo.
"""

SQUARE_NAME = """\
Projekt

UCHWAŁA NR …/…/2026
RADY GMINY PRZYKŁADOWO
z dnia … 2026 r.

w sprawie nadania nazwy skwerowi położonemu w miejscowości Przykładowo

Na podstawie art. 18 ust. 2 pkt 13 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym (Dz. U. z 2025 r. poz. 1153) Rada Gminy Przykładowo uchwala, co następuje:

§ 1. 1. Skwerowi położonemu w miejscowości Przykładowo, pomiędzy ulicą Szkolną a ulicą Lipową, na działce nr 412/7, nadaje się nazwę: Skwer im. Ireny Sendlerowej.
2. Położenie skweru określa mapa stanowiąca załącznik do uchwały.

§ 2. Koszty oznakowania skweru tablicą z nazwą pokrywa się z budżetu Gminy Przykładowo.

§ 3. Wykonanie uchwały powierza się Wójtowi Gminy Przykładowo.

§ 4. Uchwała podlega ogłoszeniu w Dzienniku Urzędowym Województwa i wchodzi w życie po upływie 14 dni od dnia jej ogłoszenia.

Uzasadnienie

Z inicjatywą nadania nazwy wystąpiła Rada Rodziców Szkoły Podstawowej nr 1, popierana przez 214 mieszkańców. Irena Sendlerowa, działaczka społeczna, w czasie okupacji uratowała wiele dzieci z getta warszawskiego. Skwer sąsiaduje ze szkołą, dlatego nazwa ma także wymiar wychowawczy.
"""

PLAYGROUNDS_V1 = """\
Projekt

UCHWAŁA NR …/…/2026
RADY GMINY PRZYKŁADOWO

w sprawie regulaminu korzystania z gminnych placów zabaw

Na podstawie art. 40 ust. 2 pkt 4 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym (Dz. U. z 2025 r. poz. 1153) Rada Gminy Przykładowo uchwala, co następuje:

§ 1. Uchwała określa zasady korzystania z placów zabaw stanowiących własność Gminy Przykładowo.

§ 2. 1. Place zabaw są czynne codziennie w godzinach od 8.00 do 20.00.
2. Z urządzeń mogą korzystać dzieci w wieku do 12 lat pod opieką osób dorosłych.

§ 3. Na terenie placów zabaw zabrania się:
1) wprowadzania psów i innych zwierząt;
2) palenia tytoniu i spożywania alkoholu;
3) jazdy na rowerach i hulajnogach.

§ 4. Usterki urządzeń należy zgłaszać do Urzędu Gminy Przykładowo.

§ 5. Wykonanie uchwały powierza się Wójtowi Gminy Przykładowo.

§ 6. Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia w Dzienniku Urzędowym Województwa.
"""

PLAYGROUNDS_V2 = """\
Projekt

UCHWAŁA NR …/…/2026
RADY GMINY PRZYKŁADOWO

w sprawie regulaminu korzystania z gminnych placów zabaw

Na podstawie art. 40 ust. 2 pkt 4 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym (Dz. U. z 2025 r. poz. 1153) Rada Gminy Przykładowo uchwala, co następuje:

§ 1. Uchwała określa zasady korzystania z placów zabaw stanowiących własność Gminy Przykładowo.

§ 2. 1. Place zabaw są czynne codziennie w godzinach od 7.00 do 21.00, a w okresie od 1 listopada do 31 marca – od 8.00 do 19.00.
2. Z urządzeń mogą korzystać dzieci w wieku do 12 lat pod opieką osób dorosłych.

§ 3. Na terenie placów zabaw zabrania się:
1) wprowadzania psów i innych zwierząt, z wyjątkiem psów asystujących;
2) palenia tytoniu, w tym papierosów elektronicznych, i spożywania alkoholu;
3) jazdy na rowerach i hulajnogach, z wyjątkiem rowerków biegowych dzieci.

§ 4. 1. Usterki urządzeń należy zgłaszać do Urzędu Gminy Przykładowo telefonicznie, pocztą elektroniczną lub przez formularz na stronie internetowej Gminy.
2. Na każdym placu zabaw umieszcza się tablicę z numerem telefonu alarmowego i danymi kontaktowymi Urzędu.

§ 5. Wykonanie uchwały powierza się Wójtowi Gminy Przykładowo.

§ 6. Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia w Dzienniku Urzędowym Województwa.
"""
