"""What the demo residents and organisations wrote, and what the office answered.

Each comment: ``author`` (a key of demo.py's people), ``anchor`` (a provision's
label, "" for the whole draft), ``text``, optional ``proposed`` wording and
``justification``, ``replies`` [(author, text)], ``supporters`` [author] and
``response`` (decision, reasoning). Authors write at most nine comments and
replies in all, under the comment rate limit.
"""

PROGRAMME_COMMENTS = [
    {
        "author": "ngo",
        "anchor": "Załącznik § 7",
        "text": (
            "850 tys. zł to tyle samo co w 2026 roku, a koszty realizacji zadań "
            "wzrosły o kilkanaście procent. Realnie oznacza to cięcie środków "
            "dla organizacji."
        ),
        "proposed": (
            "Na realizację programu w 2027 roku planuje się przeznaczyć kwotę nie "
            "mniejszą niż 950 000 zł."
        ),
        "justification": (
            "Inflacja i wzrost płacy minimalnej podniosły koszty zajęć dla "
            "dzieci i seniorów o ok. 12%."
        ),
        "supporters": ["marek.zajac", "ewa.wojcik", "joanna.krawczyk", "resident"],
        "response": (
            "partly",
            "Kwota w projekcie budżetu zostanie podniesiona do 900 000 zł. Wyższej "
            "nie pozwalają zaplanowane wydatki inwestycyjne.",
        ),
        "replies": [
            (
                "michal.pawlak",
                "Kluby sportowe też to odczuwają — wynajem hali zdrożał o 20%.",
            )
        ],
    },
    {
        "author": "resident",
        "anchor": "Załącznik § 6 pkt 2",
        "text": (
            "Bardzo dobrze, że samotność seniorów jest priorytetem. Proszę "
            "pamiętać o sołectwach — tam seniorzy nie mają dokąd pójść."
        ),
        "supporters": ["ewa.wojcik", "barbara.grabowska"],
        "response": (
            "accepted",
            "W ogłoszeniu konkursowym wskażemy, że premiowane będą oferty "
            "obejmujące sołectwa.",
        ),
    },
    {
        "author": "marek.zajac",
        "anchor": "Załącznik § 5 pkt 4",
        "text": (
            "„W miarę posiadanych możliwości” to pusty zapis. Organizacje co roku "
            "słyszą, że możliwości nie ma."
        ),
        "proposed": (
            "udostępnianie organizacjom bezpłatnie lokali gminnych na spotkania, "
            "według harmonogramu ogłaszanego przez Biuro co kwartał;"
        ),
        "supporters": ["ngo", "andrzej.piotrowski"],
        "response": (
            "accepted",
            "Przyjmujemy propozycję. Harmonogram będzie publikowany w serwisie.",
        ),
    },
    {
        "author": "ewa.wojcik",
        "anchor": "Załącznik § 9 ust. 2",
        "text": (
            "Dwóch przedstawicieli organizacji w komisji to za mało, urzędnicy "
            "zawsze mają większość."
        ),
        "proposed": (
            "W skład komisji wchodzi co najmniej trzech przedstawicieli organizacji, "
            "z wyłączeniem osób reprezentujących organizacje biorące udział w "
            "konkursie."
        ),
        "supporters": ["ngo"],
        "response": (
            "rejected",
            "Komisja opiniuje oferty, decyzję podejmuje Wójt. Skład parytetowy "
            "sprawdził się w latach poprzednich; wrócimy do tematu przy "
            "programie wieloletnim.",
        ),
        "replies": [
            (
                "ngo",
                "Szkoda. Prosimy przynajmniej o publikowanie protokołów komisji.",
            )
        ],
    },
    {
        "author": "krzysztof.mazur",
        "anchor": "Załącznik § 6 pkt 1",
        "text": (
            "Proszę dopisać wprost sport osób z niepełnosprawnościami — dzieci "
            "z niepełnosprawnościami nie mają w gminie żadnych zajęć."
        ),
        "proposed": (
            "wspieranie i upowszechnianie kultury fizycznej wśród dzieci "
            "i młodzieży, w tym dzieci z niepełnosprawnościami;"
        ),
        "supporters": ["barbara.grabowska", "agnieszka.michalska", "resident"],
    },
    {
        "author": "joanna.krawczyk",
        "anchor": "",
        "text": (
            "Program jest czytelny, ale brakuje w nim mowy o małych grantach "
            "(art. 19a). Dla kół gospodyń wiejskich to najprostsza forma."
        ),
        "response": (
            "not_applicable",
            "Małe granty przewiduje § 4 ust. 2 załącznika (tryb art. 19a ustawy).",
        ),
    },
    {
        "author": "andrzej.piotrowski",
        "anchor": "Załącznik § 8 ust. 2",
        "text": (
            "Sprawozdanie dopiero w maju następnego roku? Proszę o krótką "
            "informację po pierwszym półroczu."
        ),
        "supporters": ["marek.zajac"],
    },
    {
        "author": "barbara.grabowska",
        "anchor": "Załącznik § 6 pkt 4",
        "text": (
            "Ochrona zwierząt: prosimy o wsparcie programu kastracji kotów "
            "wolno żyjących prowadzonego przez wolontariuszy."
        ),
        "supporters": ["agnieszka.michalska"],
        "replies": [
            (
                "agnieszka.michalska",
                "Popieram, w Osiedlu Kwiatowym kotów jest coraz więcej.",
            )
        ],
    },
    {
        "author": "michal.pawlak",
        "anchor": "Załącznik § 4 ust. 3",
        "text": (
            "Pożyczki są bardzo potrzebne organizacjom czekającym na "
            "refundację z funduszy unijnych. Proszę nie pisać „może”, tylko "
            "zapewnić te środki."
        ),
        "response": (
            "partly",
            "W projekcie budżetu na 2027 rok zabezpieczono 50 000 zł na pożyczki; "
            "zapis pozostaje fakultatywny, bo zależy od budżetu.",
        ),
    },
    {
        "author": "agnieszka.michalska",
        "anchor": "Załącznik § 2 ust. 2 pkt 3",
        "text": (
            "Informacja o organizacjach powinna być też w wersji papierowej, "
            "np. w gazetce gminnej — nie wszyscy korzystają z internetu."
        ),
        "supporters": ["resident", "ewa.wojcik"],
    },
    {
        "author": "ngo",
        "anchor": "Załącznik § 5 pkt 2",
        "text": (
            "Konsultacje powinny trwać co najmniej 21 dni, a nie 7, jak to "
            "bywało dotąd."
        ),
        "proposed": (
            "konsultowanie z organizacjami projektów aktów prawa miejscowego w "
            "dziedzinach dotyczących ich działalności statutowej, przez okres nie "
            "krótszy niż 21 dni;"
        ),
        "supporters": ["joanna.krawczyk", "krzysztof.mazur"],
        "response": (
            "accepted",
            "Termin 21 dni wpiszemy do programu; zmienimy też uchwałę o sposobie "
            "konsultowania.",
        ),
    },
    {
        "author": "resident",
        "anchor": "Załącznik § 1 pkt 4",
        "text": "Proszę podać w programie adres i godziny pracy Biura.",
        "response": (
            "rejected",
            "Godziny pracy zmieniają się częściej niż program; podajemy je na "
            "stronie Biura i w ogłoszeniach.",
        ),
    },
    {
        "author": "marek.zajac",
        "anchor": "Załącznik § 6",
        "text": (
            "Brakuje priorytetu dotyczącego edukacji obywatelskiej młodzieży, "
            "np. młodzieżowej rady gminy."
        ),
        "supporters": ["andrzej.piotrowski", "joanna.krawczyk"],
        "replies": [
            (
                "krzysztof.mazur",
                "Młodzieżowa rada działa przy szkole, może wystarczy ją wesprzeć.",
            )
        ],
    },
    {
        "author": "ewa.wojcik",
        "anchor": "Załącznik § 3",
        "text": (
            "Zasada jawności: proszę publikować wyniki konkursów z punktacją "
            "każdej oferty."
        ),
        "supporters": ["ngo", "marek.zajac"],
        "response": (
            "accepted",
            "Od 2027 roku wyniki konkursów będą publikowane z punktacją.",
        ),
    },
    {
        "author": "krzysztof.mazur",
        "anchor": "Załącznik § 8 ust. 1",
        "text": (
            "Mierniki liczą tylko umowy i pieniądze. Brakuje liczby mieszkańców, "
            "do których dotarły zadania."
        ),
        "proposed": "5) liczba odbiorców zadań publicznych.",
    },
    {
        "author": "joanna.krawczyk",
        "anchor": "Załącznik § 6 pkt 3",
        "text": (
            "Dziedzictwo kulturowe: proszę uwzględnić tradycje sołectw "
            "(dożynki, zespoły ludowe)."
        ),
        "supporters": ["ewa.wojcik"],
    },
    {
        "author": "andrzej.piotrowski",
        "anchor": "",
        "text": (
            "Dobrze, że konsultacje są w internecie. Czy będzie też spotkanie "
            "dla osób, które wolą porozmawiać na żywo?"
        ),
        "response": (
            "not_applicable",
            "Tak — spotkanie konsultacyjne odbędzie się w sali sesyjnej, termin "
            "podajemy na tej stronie w sekcji wydarzeń.",
        ),
    },
    {
        "author": "barbara.grabowska",
        "anchor": "Załącznik § 2 ust. 2 pkt 2",
        "text": (
            "Wolontariat seniorów: proszę o ubezpieczenie NNW dla wolontariuszy "
            "finansowane przez gminę."
        ),
        "supporters": ["resident"],
    },
    {
        "author": "michal.pawlak",
        "anchor": "Załącznik § 6 pkt 1",
        "text": (
            "Proszę rozważyć konkurs wieloletni na szkolenie sportowe dzieci — "
            "roczne umowy utrudniają zatrudnienie trenerów."
        ),
        "supporters": ["krzysztof.mazur"],
    },
    {
        "author": "agnieszka.michalska",
        "anchor": "Załącznik § 5 pkt 5",
        "text": (
            "Punkt doradztwa powinien działać też po południu, bo wolontariusze "
            "pracują zawodowo."
        ),
        "proposed": (
            "prowadzenie przez Biuro punktu doradztwa dla organizacji, czynnego "
            "co najmniej raz w tygodniu do godziny 18.00."
        ),
        "supporters": ["ngo", "barbara.grabowska"],
        "response": (
            "accepted",
            "Punkt będzie czynny w czwartki do 18.00.",
        ),
    },
    {
        "author": "ngo",
        "anchor": "Załącznik § 9 ust. 3",
        "text": (
            "Ten przepis pozwala pominąć organizacje w komisji. Proszę go "
            "usunąć albo wymagać ponownego naboru przedstawicieli."
        ),
        "supporters": ["ewa.wojcik"],
    },
    {
        "author": "resident",
        "anchor": "Załącznik § 2 ust. 1",
        "text": "Cel główny jest bardzo ogólny. Jak gmina sprawdzi, że go osiągnęła?",
        "replies": [
            (
                "andrzej.piotrowski",
                "Zgadzam się, przydałyby się konkretne liczby w § 8.",
            )
        ],
    },
    {
        "author": "marek.zajac",
        "anchor": "Załącznik § 4 ust. 2",
        "text": (
            "Tryb bez konkursu (art. 19a) powinien mieć limit łącznej kwoty, żeby "
            "nie zastępował konkursów."
        ),
    },
    {
        "author": "ewa.wojcik",
        "anchor": "Załącznik § 10",
        "text": "Proszę dopisać, ile uwag zgłoszono i ile uwzględniono.",
        "response": (
            "partly",
            "Te liczby znajdą się w raporcie z konsultacji, który opublikujemy na "
            "tej stronie; do uchwały dołączymy odesłanie do raportu.",
        ),
    },
    {
        "author": "krzysztof.mazur",
        "anchor": "Załącznik § 6 pkt 5",
        "text": (
            "Profilaktyka uzależnień: więcej zajęć pozalekcyjnych zamiast "
            "jednorazowych pogadanek."
        ),
        "supporters": ["michal.pawlak", "agnieszka.michalska"],
    },
    {
        "author": "joanna.krawczyk",
        "anchor": "Załącznik § 5 pkt 3",
        "text": (
            "Zespoły doradcze powstają i nie spotykają się. Proszę określić, że "
            "zbierają się co najmniej dwa razy w roku."
        ),
    },
    {
        "author": "andrzej.piotrowski",
        "anchor": "§ 3",
        "text": (
            "Wejście w życie 1 stycznia jest w porządku, ale uchwałę trzeba "
            "podjąć do końca listopada — proszę nie przesuwać sesji."
        ),
    },
    {
        "author": "barbara.grabowska",
        "anchor": "Załącznik § 1 pkt 2",
        "text": (
            "Czy podmioty z art. 3 ust. 3 obejmują też parafie prowadzące "
            "świetlice? Warto to wyjaśnić w uzasadnieniu."
        ),
        "replies": [
            (
                "joanna.krawczyk",
                "Obejmują — ustawa wymienia osoby prawne kościołów, jeśli ich "
                "cele statutowe obejmują działalność pożytku publicznego.",
            )
        ],
    },
    {
        "author": "michal.pawlak",
        "anchor": "",
        "text": (
            "Dziękuję za przejrzysty projekt. Prośba: ogłaszajmy konkursy w "
            "grudniu, żeby zajęcia mogły ruszyć od stycznia."
        ),
        "supporters": ["krzysztof.mazur", "ngo"],
    },
    {
        "author": "agnieszka.michalska",
        "anchor": "Załącznik § 2 ust. 2 pkt 4",
        "text": (
            "Udział w dokumentach strategicznych — proszę zapraszać organizacje "
            "już na etapie diagnozy, nie gotowego projektu."
        ),
        "replies": [
            ("marek.zajac", "Tak, inaczej to tylko formalność."),
        ],
    },
]

SQUARE_COMMENTS = [
    {
        "author": "resident",
        "anchor": "§ 1 ust. 1",
        "text": "Piękny patron dla miejsca przy szkole. Popieram.",
        "supporters": ["barbara.grabowska", "joanna.krawczyk"],
    },
    {
        "author": "andrzej.piotrowski",
        "anchor": "§ 1 ust. 1",
        "text": (
            "Proponuję pełne imię i nazwisko zgodnie z pisownią: „Skwer im. Ireny "
            "Sendlerowej” — tak jak w projekcie, dobrze. Ale czy mieszkańcy "
            "ulicy Lipowej byli pytani?"
        ),
        "response": (
            "not_applicable",
            "Właśnie o to pytamy w tych konsultacjach; ulotki trafiły do "
            "skrzynek mieszkańców ulicy Lipowej.",
        ),
    },
    {
        "author": "ewa.wojcik",
        "anchor": "§ 2",
        "text": (
            "Oprócz tablicy z nazwą warto postawić tablicę z krótkim życiorysem "
            "patronki."
        ),
        "proposed": (
            "Koszty oznakowania skweru tablicą z nazwą oraz tablicą informacyjną "
            "o patronce pokrywa się z budżetu Gminy Przykładowo."
        ),
        "supporters": ["resident", "agnieszka.michalska"],
        "replies": [
            ("krzysztof.mazur", "Uczniowie mogliby przygotować treść tablicy."),
        ],
    },
    {
        "author": "michal.pawlak",
        "anchor": "",
        "text": "Kiedy skwer zostanie uporządkowany? Sama nazwa nie wystarczy.",
        "replies": [
            ("barbara.grabowska", "Ławki i zieleń są w budżecie obywatelskim."),
        ],
    },
    {
        "author": "ngo",
        "anchor": "Uzasadnienie",
        "text": (
            "Fundacja Razem chętnie przeprowadzi z uczniami lekcję o Irenie "
            "Sendlerowej przy otwarciu skweru."
        ),
        "supporters": ["resident"],
    },
    {
        "author": "joanna.krawczyk",
        "anchor": "§ 4",
        "text": "Czy 14 dni vacatio legis wystarczy na zamówienie tablic?",
    },
]

PLAYGROUND_COMMENTS = [
    {
        "author": "resident",
        "anchor": "§ 2 ust. 1",
        "text": (
            "Latem o 20.00 jest jeszcze jasno i gorąco w dzień — rodzice "
            "przychodzą z dziećmi wieczorem. Proszę wydłużyć godziny."
        ),
        "proposed": "Place zabaw są czynne codziennie w godzinach od 7.00 do 21.00.",
        "supporters": ["barbara.grabowska", "agnieszka.michalska"],
        "response": (
            "accepted",
            "Wydłużamy godziny do 21.00 w sezonie letnim (wersja 2 projektu).",
        ),
    },
    {
        "author": "barbara.grabowska",
        "anchor": "§ 3 pkt 1",
        "text": (
            "Zakaz wprowadzania psów nie może dotyczyć psów asystujących osób "
            "z niepełnosprawnościami — to niezgodne z ustawą."
        ),
        "supporters": ["resident"],
        "response": (
            "accepted",
            "Słuszna uwaga, dodaliśmy wyjątek dla psów asystujących.",
        ),
    },
    {
        "author": "krzysztof.mazur",
        "anchor": "§ 3 pkt 3",
        "text": (
            "Małe dzieci uczą się jeździć na rowerkach biegowych właśnie na "
            "placu zabaw. Proszę o wyjątek."
        ),
        "response": (
            "accepted",
            "Dodaliśmy wyjątek dla rowerków biegowych dzieci.",
        ),
    },
    {
        "author": "agnieszka.michalska",
        "anchor": "§ 3 pkt 2",
        "text": "Proszę dopisać e-papierosy — rodzice palą je przy piaskownicy.",
        "response": (
            "accepted",
            "Zakaz obejmie papierosy elektroniczne.",
        ),
    },
    {
        "author": "andrzej.piotrowski",
        "anchor": "§ 4",
        "text": (
            "Do kogo konkretnie zgłaszać usterki? Na placu nie ma żadnego "
            "numeru telefonu."
        ),
        "response": (
            "accepted",
            "Na każdym placu będzie tablica z numerem alarmowym i kontaktem do "
            "Urzędu; zgłoszenie można też wysłać przez formularz.",
        ),
    },
    {
        "author": "joanna.krawczyk",
        "anchor": "§ 2 ust. 2",
        "text": "Dlaczego do 12 lat? Starsze dzieci też korzystają z huśtawek.",
        "response": (
            "rejected",
            "Granica wieku wynika z norm bezpieczeństwa urządzeń (PN-EN 1176); "
            "dla starszej młodzieży budujemy strefy street workout.",
        ),
    },
    {
        "author": "ewa.wojcik",
        "anchor": "",
        "text": "W sołectwach place zabaw są w złym stanie. Czy regulamin coś zmieni?",
        "response": (
            "not_applicable",
            "Regulamin nie dotyczy remontów; przegląd wszystkich placów "
            "zaplanowano na wiosnę 2027 roku.",
        ),
    },
    {
        "author": "michal.pawlak",
        "anchor": "§ 6",
        "text": "Proszę o przejrzysty plakat z regulaminem na każdym placu.",
        "response": (
            "partly",
            "Plakaty przygotujemy; obowiązek ich umieszczenia nie musi być w uchwale.",
        ),
    },
]
