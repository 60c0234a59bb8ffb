//! The demo platform's seed data: three tenants, seven properties, room types and
//! rate plans, and a calendar whose restrictions are defined relative to "today"
//! so tests and demos always find bookable dates (rules in docs/upstreams.md).

use crate::domain::msg::Locale;
use crate::domain::payment_policy::{Deposit, PaymentPolicy};
use crate::domain::tenant::RawThemeTokens;
use crate::upstream::contract::{
    AnalyticsDto, CancellationTermsDto, PenaltyDto, PoliciesDto, PropertyDto, TenantConfigDto,
};

/// A hotel text in each language the demo speaks. Which one an answer carries
/// is negotiated per request ([`SeedTenant::language`]).
#[derive(Debug, Clone, Copy)]
pub struct Localized {
    pub en: &'static str,
    pub fr: &'static str,
    pub de: &'static str,
    pub pt: &'static str,
}

impl Localized {
    pub fn get(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::En => self.en,
            Locale::Fr => self.fr,
            Locale::De => self.de,
            Locale::Pt => self.pt,
        }
    }
}

pub struct SeedRoomType {
    pub id: &'static str,
    pub name: Localized,
    pub description: Localized,
    pub max_occupancy: u8,
    pub bedding: Localized,
    pub size_sqm: u16,
    pub units: u32,
    /// Weeknight price of one room, minor units.
    pub base_price: i64,
}

pub struct SeedRatePlan {
    pub id: &'static str,
    pub name: Localized,
    pub refundable: bool,
    pub breakfast_included: bool,
    /// Price adjustment in basis points (−1200 = 12 % off).
    pub adjustment_bp: i64,
    pub cancellation_policy: Localized,
    /// The same terms as data (what a cancellation is evaluated on).
    pub cancellation: CancellationTermsDto,
    /// Offered only with this negotiated (corporate) code; `None`: public.
    pub code: Option<&'static str>,
    /// What is charged when booking and what at the hotel.
    pub payment: PaymentPolicy,
}

/// Every demo hotel's check-in time.
pub const CHECKIN_TIME: &str = "15:00";

/// Free until 2 days before arrival (at check-in time), then the first night.
const FREE_UNTIL_TWO_DAYS: CancellationTermsDto =
    CancellationTermsDto { refundable: true, days_before: 2, hours_before: 0, penalty: Some(PenaltyDto::Nights(1)) };
const NON_REFUNDABLE: CancellationTermsDto =
    CancellationTermsDto { refundable: false, days_before: 0, hours_before: 0, penalty: None };

const FREE_UNTIL_TWO_DAYS_TEXT: Localized = Localized {
    en: "Free cancellation until 2 days before arrival; after that, the first night is charged.",
    fr: "Annulation gratuite jusqu'à 2 jours avant l'arrivée ; ensuite, la première nuit est facturée.",
    de: "Kostenlose Stornierung bis 2 Tage vor der Anreise; danach wird die erste Nacht berechnet.",
    pt: "Cancelamento gratuito até 2 dias antes da chegada; depois disso, é cobrada a primeira noite.",
};
const NON_REFUNDABLE_TEXT: Localized = Localized {
    en: "Non-refundable: the full amount is charged at booking and not refunded.",
    fr: "Non remboursable : le montant total est débité à la réservation et n'est pas remboursé.",
    de: "Nicht erstattbar: Der volle Betrag wird bei der Buchung belastet und nicht erstattet.",
    pt: "Não reembolsável: o valor total é cobrado no momento da reserva e não é reembolsado.",
};

pub struct SeedProperty {
    pub tenant: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    pub summary: Localized,
    pub stars: u8,
    pub time_zone: &'static str,
    pub currency: &'static str,
    /// Taxes in basis points of the room price.
    pub tax_bp: i64,
    /// City/tourist fee per adult per night, minor units.
    pub fee_per_adult_night: i64,
    /// Breakfast per guest per night, minor units.
    pub breakfast_per_guest: i64,
    pub room_types: &'static [SeedRoomType],
}

pub const RATE_PLANS: &[SeedRatePlan] = &[
    SeedRatePlan {
        id: "flex",
        name: Localized { en: "Flexible", fr: "Flexible", de: "Flexibel", pt: "Flexível" },
        refundable: true,
        breakfast_included: false,
        adjustment_bp: 0,
        cancellation_policy: FREE_UNTIL_TWO_DAYS_TEXT,
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
        payment: PaymentPolicy::Full,
    },
    SeedRatePlan {
        id: "bb",
        name: Localized {
            en: "Bed & Breakfast",
            fr: "Chambre et petit-déjeuner",
            de: "Übernachtung mit Frühstück",
            pt: "Alojamento e pequeno-almoço",
        },
        refundable: true,
        breakfast_included: true,
        adjustment_bp: 0,
        cancellation_policy: FREE_UNTIL_TWO_DAYS_TEXT,
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
        payment: PaymentPolicy::Full,
    },
    SeedRatePlan {
        id: "saver",
        name: Localized {
            en: "Saver (non-refundable)",
            fr: "Économique (non remboursable)",
            de: "Spartarif (nicht erstattbar)",
            pt: "Poupança (não reembolsável)",
        },
        refundable: false,
        breakfast_included: false,
        adjustment_bp: -1_200,
        cancellation_policy: NON_REFUNDABLE_TEXT,
        cancellation: NON_REFUNDABLE,
        code: None,
        payment: PaymentPolicy::Full,
    },
    SeedRatePlan {
        id: "corporate",
        name: Localized {
            en: "Acme corporate rate",
            fr: "Tarif entreprise Acme",
            de: "Acme-Firmentarif",
            pt: "Tarifa empresarial Acme",
        },
        refundable: true,
        breakfast_included: true,
        adjustment_bp: -1_500,
        cancellation_policy: FREE_UNTIL_TWO_DAYS_TEXT,
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: Some(super::inventory::CORPORATE_CODE),
        payment: PaymentPolicy::Full,
    },
    SeedRatePlan {
        id: "deposit",
        name: Localized {
            en: "Flexible, 30 % deposit",
            fr: "Flexible, acompte de 30 %",
            de: "Flexibel, 30 % Anzahlung",
            pt: "Flexível, sinal de 30 %",
        },
        refundable: true,
        breakfast_included: false,
        adjustment_bp: 0,
        cancellation_policy: FREE_UNTIL_TWO_DAYS_TEXT,
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
        payment: PaymentPolicy::Deposit { deposit: Deposit::Percent { percent: 30 } },
    },
    SeedRatePlan {
        id: "pay-at-hotel",
        name: Localized {
            en: "Pay at the hotel",
            fr: "Paiement à l'hôtel",
            de: "Zahlung im Hotel",
            pt: "Pagamento no hotel",
        },
        refundable: true,
        breakfast_included: false,
        adjustment_bp: 0,
        cancellation_policy: FREE_UNTIL_TWO_DAYS_TEXT,
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
        payment: PaymentPolicy::AtHotel,
    },
];

pub const PROPERTIES: &[SeedProperty] = &[
    SeedProperty {
        tenant: "aurora",
        id: "aurora-lisbon",
        name: "Aurora Lisboa Riverside",
        city: "Lisbon",
        country: "PT",
        summary: Localized {
            en: "Tiled façade, rooftop terrace and river views, a short walk from Cais do Sodré.",
            fr: "Façade d'azulejos, terrasse sur le toit et vue sur le fleuve, à quelques pas de Cais do Sodré.",
            de: "Kachelfassade, Dachterrasse und Blick auf den Fluss, nur ein paar Schritte vom Cais do Sodré.",
            pt: "Fachada de azulejos, terraço no topo e vista para o rio, a poucos passos do Cais do Sodré.",
        },
        stars: 4,
        time_zone: "Europe/Lisbon",
        currency: "EUR",
        tax_bp: 600,
        fee_per_adult_night: 400,
        breakfast_per_guest: 1_600,
        room_types: &[
            SeedRoomType {
                id: "classic-double",
                name: Localized {
                    en: "Classic Double",
                    fr: "Chambre double classique",
                    de: "Klassisches Doppelzimmer",
                    pt: "Quarto duplo clássico",
                },
                description: Localized {
                    en: "A calm courtyard-facing room with a queen bed and rain shower.",
                    fr: "Une chambre calme donnant sur la cour, avec un lit queen size et une douche à effet pluie.",
                    de: "Ein ruhiges Zimmer zum Innenhof mit Queensize-Bett und Regendusche.",
                    pt: "Um quarto tranquilo virado para o pátio, com cama queen e duche de efeito chuva.",
                },
                max_occupancy: 2,
                bedding: Localized {
                    en: "1 queen bed",
                    fr: "1 lit queen size",
                    de: "1 Queensize-Bett",
                    pt: "1 cama queen",
                },
                size_sqm: 22,
                units: 6,
                base_price: 14_500,
            },
            SeedRoomType {
                id: "river-king",
                name: Localized {
                    en: "River View King",
                    fr: "Chambre king vue sur le fleuve",
                    de: "King-Zimmer mit Flussblick",
                    pt: "Quarto king com vista rio",
                },
                description: Localized {
                    en: "Floor-to-ceiling windows over the Tagus, king bed, sofa bed for a child.",
                    fr: "Baies vitrées sur le Tage, lit king size, canapé-lit pour un enfant.",
                    de: "Bodentiefe Fenster zum Tejo, Kingsize-Bett, Schlafsofa für ein Kind.",
                    pt: "Janelas do chão ao teto sobre o Tejo, cama king e sofá-cama para uma criança.",
                },
                max_occupancy: 3,
                bedding: Localized {
                    en: "1 king bed + sofa bed",
                    fr: "1 lit king size + canapé-lit",
                    de: "1 Kingsize-Bett + Schlafsofa",
                    pt: "1 cama king + sofá-cama",
                },
                size_sqm: 30,
                units: 4,
                base_price: 21_000,
            },
            SeedRoomType {
                id: "family-suite",
                name: Localized {
                    en: "Family Suite",
                    fr: "Suite familiale",
                    de: "Familiensuite",
                    pt: "Suíte familiar",
                },
                description: Localized {
                    en: "Two rooms, two bathrooms, space for five.",
                    fr: "Deux chambres, deux salles de bains, de la place pour cinq.",
                    de: "Zwei Zimmer, zwei Bäder, Platz für fünf.",
                    pt: "Dois quartos, duas casas de banho, espaço para cinco.",
                },
                max_occupancy: 5,
                bedding: Localized {
                    en: "1 king bed + 2 single beds + cot on request",
                    fr: "1 lit king size + 2 lits simples + lit bébé sur demande",
                    de: "1 Kingsize-Bett + 2 Einzelbetten + Babybett auf Anfrage",
                    pt: "1 cama king + 2 camas individuais + berço a pedido",
                },
                size_sqm: 48,
                units: 2,
                base_price: 32_000,
            },
            SeedRoomType {
                id: "rooftop-loft",
                name: Localized { en: "Rooftop Loft", fr: "Loft sur le toit", de: "Dachloft", pt: "Loft no terraço" },
                description: Localized {
                    en: "Our one loft, with a private terrace under the sky.",
                    fr: "Notre unique loft, avec une terrasse privée à ciel ouvert.",
                    de: "Unser einziges Loft, mit eigener Terrasse unter freiem Himmel.",
                    pt: "O nosso único loft, com terraço privado a céu aberto.",
                },
                max_occupancy: 2,
                bedding: Localized {
                    en: "1 king bed",
                    fr: "1 lit king size",
                    de: "1 Kingsize-Bett",
                    pt: "1 cama king",
                },
                size_sqm: 40,
                units: 1,
                base_price: 39_000,
            },
        ],
    },
    SeedProperty {
        tenant: "aurora",
        id: "aurora-berlin",
        name: "Aurora Berlin Mitte",
        city: "Berlin",
        country: "DE",
        summary: Localized {
            en: "A converted printworks in Mitte with a library bar and bikes to borrow.",
            fr: "Une ancienne imprimerie de Mitte, avec un bar-bibliothèque et des vélos à emprunter.",
            de: "Eine umgebaute Druckerei in Mitte mit Bibliotheksbar und Fahrrädern zum Ausleihen.",
            pt: "Uma antiga tipografia em Mitte, com um bar-biblioteca e bicicletas à disposição.",
        },
        stars: 4,
        time_zone: "Europe/Berlin",
        currency: "EUR",
        tax_bp: 700,
        fee_per_adult_night: 500,
        breakfast_per_guest: 1_900,
        room_types: &[
            SeedRoomType {
                id: "studio",
                name: Localized {
                    en: "Studio Queen",
                    fr: "Studio avec lit queen size",
                    de: "Studio mit Queensize-Bett",
                    pt: "Estúdio com cama queen",
                },
                description: Localized {
                    en: "Compact, quiet and bright, with a work desk.",
                    fr: "Compact, calme et lumineux, avec un bureau.",
                    de: "Kompakt, ruhig und hell, mit Schreibtisch.",
                    pt: "Compacto, tranquilo e luminoso, com secretária.",
                },
                max_occupancy: 2,
                bedding: Localized {
                    en: "1 queen bed",
                    fr: "1 lit queen size",
                    de: "1 Queensize-Bett",
                    pt: "1 cama queen",
                },
                size_sqm: 20,
                units: 8,
                base_price: 12_900,
            },
            SeedRoomType {
                id: "loft-king",
                name: Localized {
                    en: "Printworks Loft",
                    fr: "Loft de l'imprimerie",
                    de: "Druckerei-Loft",
                    pt: "Loft da tipografia",
                },
                description: Localized {
                    en: "Exposed brick, high ceilings, king bed and a reading nook.",
                    fr: "Briques apparentes, hauts plafonds, lit king size et coin lecture.",
                    de: "Sichtmauerwerk, hohe Decken, Kingsize-Bett und eine Leseecke.",
                    pt: "Tijolo à vista, tetos altos, cama king e um recanto de leitura.",
                },
                max_occupancy: 3,
                bedding: Localized {
                    en: "1 king bed + daybed",
                    fr: "1 lit king size + lit de repos",
                    de: "1 Kingsize-Bett + Tagesbett",
                    pt: "1 cama king + cama de dia",
                },
                size_sqm: 34,
                units: 3,
                base_price: 19_900,
            },
        ],
    },
    SeedProperty {
        tenant: "kestrel",
        id: "kestrel-skye",
        name: "Kestrel Lodge Isle of Skye",
        city: "Portree",
        country: "GB",
        summary: Localized {
            en: "Timber lodges above the harbour, wood-fired sauna, and the Cuillin on the horizon.",
            fr: "Des lodges en bois au-dessus du port, un sauna au feu de bois et les Cuillin à l'horizon.",
            de: "Holzlodges über dem Hafen, eine holzbefeuerte Sauna und die Cuillin am Horizont.",
            pt: "Lodges de madeira sobre o porto, sauna a lenha e as Cuillin no horizonte.",
        },
        stars: 5,
        time_zone: "Europe/London",
        currency: "GBP",
        tax_bp: 2_000,
        fee_per_adult_night: 0,
        breakfast_per_guest: 1_800,
        room_types: &[
            SeedRoomType {
                id: "snug",
                name: Localized { en: "Harbour Snug", fr: "Cocon du port", de: "Hafenstube", pt: "Refúgio do porto" },
                description: Localized {
                    en: "A snug for two with a stove and a window seat.",
                    fr: "Un cocon pour deux, avec un poêle et une banquette sous la fenêtre.",
                    de: "Eine gemütliche Stube für zwei mit Ofen und Fensterbank zum Sitzen.",
                    pt: "Um refúgio para dois, com salamandra e um banco junto à janela.",
                },
                max_occupancy: 2,
                bedding: Localized {
                    en: "1 double bed",
                    fr: "1 lit double",
                    de: "1 Doppelbett",
                    pt: "1 cama de casal",
                },
                size_sqm: 24,
                units: 5,
                base_price: 17_500,
            },
            SeedRoomType {
                id: "lodge",
                name: Localized {
                    en: "Two-Bedroom Lodge",
                    fr: "Lodge deux chambres",
                    de: "Lodge mit zwei Schlafzimmern",
                    pt: "Lodge de dois quartos",
                },
                description: Localized {
                    en: "A whole lodge with a kitchen, deck and hot tub.",
                    fr: "Un lodge entier avec cuisine, terrasse en bois et bain nordique.",
                    de: "Eine ganze Lodge mit Küche, Holzterrasse und Whirlpool.",
                    pt: "Um lodge inteiro com cozinha, deck e banheira de hidromassagem.",
                },
                max_occupancy: 4,
                bedding: Localized {
                    en: "1 king bed + 2 single beds",
                    fr: "1 lit king size + 2 lits simples",
                    de: "1 Kingsize-Bett + 2 Einzelbetten",
                    pt: "1 cama king + 2 camas individuais",
                },
                size_sqm: 70,
                units: 3,
                base_price: 34_000,
            },
        ],
    },
    SeedProperty {
        tenant: "kestrel",
        id: "kestrel-windermere",
        name: "Kestrel Lodge Windermere",
        city: "Bowness-on-Windermere",
        country: "GB",
        summary: Localized {
            en: "Lakeside cabins with boats to borrow and a drying room for the fells.",
            fr: "Des cabanes au bord du lac, des barques à emprunter et un séchoir pour le retour de randonnée.",
            de: "Hütten am Seeufer, Boote zum Ausleihen und ein Trockenraum für die Rückkehr aus den Fells.",
            pt: "Cabanas à beira do lago, barcos à disposição e uma sala de secagem para o regresso dos montes.",
        },
        stars: 4,
        time_zone: "Europe/London",
        currency: "GBP",
        tax_bp: 2_000,
        fee_per_adult_night: 0,
        breakfast_per_guest: 1_500,
        room_types: &[
            SeedRoomType {
                id: "cabin",
                name: Localized {
                    en: "Lakeside Cabin",
                    fr: "Cabane au bord du lac",
                    de: "Hütte am See",
                    pt: "Cabana à beira do lago",
                },
                description: Localized {
                    en: "Wood-panelled, with a private jetty step.",
                    fr: "Lambrissée, avec sa propre marche sur le ponton.",
                    de: "Holzvertäfelt, mit eigener Stufe zum Steg.",
                    pt: "Forrada a madeira, com degrau privado para o pontão.",
                },
                max_occupancy: 3,
                bedding: Localized {
                    en: "1 double bed + bunk",
                    fr: "1 lit double + lits superposés",
                    de: "1 Doppelbett + Etagenbett",
                    pt: "1 cama de casal + beliche",
                },
                size_sqm: 28,
                units: 4,
                base_price: 15_500,
            },
            SeedRoomType {
                id: "boathouse",
                name: Localized {
                    en: "The Boathouse",
                    fr: "Le hangar à bateaux",
                    de: "Das Bootshaus",
                    pt: "A casa dos barcos",
                },
                description: Localized {
                    en: "Our one boathouse suite, right on the water.",
                    fr: "Notre unique suite dans le hangar à bateaux, les pieds dans l'eau.",
                    de: "Unsere einzige Bootshaus-Suite, direkt am Wasser.",
                    pt: "A nossa única suíte na casa dos barcos, mesmo sobre a água.",
                },
                max_occupancy: 2,
                bedding: Localized {
                    en: "1 king bed",
                    fr: "1 lit king size",
                    de: "1 Kingsize-Bett",
                    pt: "1 cama king",
                },
                size_sqm: 45,
                units: 1,
                base_price: 29_500,
            },
        ],
    },
    SeedProperty {
        tenant: "solstice",
        id: "solstice-brooklyn",
        name: "Solstice Suites Brooklyn",
        city: "New York",
        country: "US",
        summary: Localized {
            en: "Apartment-style suites in DUMBO with a kitchen in every room.",
            fr: "Des suites comme des appartements à DUMBO, chacune avec sa cuisine.",
            de: "Suiten wie Apartments in DUMBO, jede mit eigener Küche.",
            pt: "Suítes ao estilo de apartamento em DUMBO, todas com cozinha.",
        },
        stars: 4,
        time_zone: "America/New_York",
        currency: "USD",
        tax_bp: 1_475,
        fee_per_adult_night: 350,
        breakfast_per_guest: 2_200,
        room_types: &[SeedRoomType {
            id: "suite",
            name: Localized {
                en: "One-Bedroom Suite",
                fr: "Suite une chambre",
                de: "Suite mit einem Schlafzimmer",
                pt: "Suíte de um quarto",
            },
            description: Localized {
                en: "Separate bedroom, living room with sofa bed, full kitchen.",
                fr: "Chambre séparée, salon avec canapé-lit, cuisine équipée.",
                de: "Separates Schlafzimmer, Wohnzimmer mit Schlafsofa, voll ausgestattete Küche.",
                pt: "Quarto separado, sala com sofá-cama e cozinha completa.",
            },
            max_occupancy: 4,
            bedding: Localized {
                en: "1 queen bed + sofa bed",
                fr: "1 lit queen size + canapé-lit",
                de: "1 Queensize-Bett + Schlafsofa",
                pt: "1 cama queen + sofá-cama",
            },
            size_sqm: 52,
            units: 6,
            base_price: 27_900,
        }],
    },
    // Solstice's second and third properties: its search fans out to three
    // availability calls (bench/run's fan-out check).
    SeedProperty {
        tenant: "solstice",
        id: "solstice-chicago",
        name: "Solstice Suites Chicago",
        city: "Chicago",
        country: "US",
        summary: Localized {
            en: "Loft suites in the West Loop, a short walk from the Riverwalk.",
            fr: "Des suites loft dans le West Loop, à quelques pas du Riverwalk.",
            de: "Loft-Suiten im West Loop, nur ein paar Schritte vom Riverwalk.",
            pt: "Suítes loft no West Loop, a poucos passos do Riverwalk.",
        },
        stars: 4,
        time_zone: "America/Chicago",
        currency: "USD",
        tax_bp: 1_739,
        fee_per_adult_night: 300,
        breakfast_per_guest: 1_900,
        room_types: &[SeedRoomType {
            id: "loft",
            name: Localized { en: "Loft Suite", fr: "Suite loft", de: "Loft-Suite", pt: "Suíte loft" },
            description: Localized {
                en: "High ceilings, a kitchenette and a sofa bed.",
                fr: "Hauts plafonds, kitchenette et canapé-lit.",
                de: "Hohe Decken, eine Kochnische und ein Schlafsofa.",
                pt: "Tetos altos, kitchenette e sofá-cama.",
            },
            max_occupancy: 3,
            bedding: Localized {
                en: "1 king bed + sofa bed",
                fr: "1 lit king size + canapé-lit",
                de: "1 Kingsize-Bett + Schlafsofa",
                pt: "1 cama king + sofá-cama",
            },
            size_sqm: 46,
            units: 5,
            base_price: 24_900,
        }],
    },
    SeedProperty {
        tenant: "solstice",
        id: "solstice-austin",
        name: "Solstice Suites Austin",
        city: "Austin",
        country: "US",
        summary: Localized {
            en: "Garden suites off South Congress, with a pool and a porch swing.",
            fr: "Des suites avec jardin près de South Congress, une piscine et une balancelle sous le porche.",
            de: "Gartensuiten nahe der South Congress, mit Pool und Hollywoodschaukel auf der Veranda.",
            pt: "Suítes com jardim junto à South Congress, com piscina e um baloiço no alpendre.",
        },
        stars: 4,
        time_zone: "America/Chicago",
        currency: "USD",
        tax_bp: 1_700,
        fee_per_adult_night: 250,
        breakfast_per_guest: 1_800,
        room_types: &[SeedRoomType {
            id: "garden",
            name: Localized { en: "Garden Suite", fr: "Suite jardin", de: "Gartensuite", pt: "Suíte jardim" },
            description: Localized {
                en: "A bedroom and a living room opening onto the garden.",
                fr: "Une chambre et un salon qui donnent sur le jardin.",
                de: "Ein Schlafzimmer und ein Wohnzimmer mit Zugang zum Garten.",
                pt: "Um quarto e uma sala com saída para o jardim.",
            },
            max_occupancy: 4,
            bedding: Localized {
                en: "1 queen bed + sofa bed",
                fr: "1 lit queen size + canapé-lit",
                de: "1 Queensize-Bett + Schlafsofa",
                pt: "1 cama queen + sofá-cama",
            },
            size_sqm: 50,
            units: 4,
            base_price: 22_900,
        }],
    },
];

pub struct SeedTenant {
    pub id: &'static str,
    pub name: &'static str,
    pub tagline: Localized,
    pub host: &'static str,
    pub theme: &'static str,
    pub tokens: [&'static str; 6],
    pub fonts: [&'static str; 2],
    pub radius: i64,
    /// The languages its hotels' texts are answered in; the first is its
    /// default, the answer to a guest who asks for none of them.
    pub locales: &'static [Locale],
    pub currencies: &'static [&'static str],
    /// Prefixes of the app's return URLs (docs/upstreams.md §2).
    pub app_return_urls: &'static [&'static str],
}

pub const TENANTS: &[SeedTenant] = &[
    SeedTenant {
        id: "aurora",
        name: "Aurora Hotels",
        tagline: Localized {
            en: "City hotels with the lights left on for you.",
            fr: "Des hôtels en ville qui laissent la lumière allumée pour vous.",
            de: "Stadthotels, in denen für Sie noch Licht brennt.",
            pt: "Hotéis na cidade com a luz acesa à sua espera.",
        },
        host: "aurora.localhost",
        theme: "harbor",
        // primary, onPrimary, accent, background, surface, text
        tokens: ["#1b4965", "#ffffff", "#b5651d", "#f7f4ee", "#ffffff", "#1d232a"],
        fonts: ["serif", "sans"],
        radius: 10,
        locales: &[Locale::En, Locale::Fr, Locale::De, Locale::Pt],
        currencies: &["EUR", "GBP", "USD"],
        app_return_urls: &["aurorabooking://", "https://aurora.example/app/"],
    },
    SeedTenant {
        id: "kestrel",
        name: "Kestrel Lodges",
        tagline: Localized {
            en: "Lodges at the edge of the wild.",
            fr: "Des lodges aux portes de la nature sauvage.",
            de: "Lodges am Rand der Wildnis.",
            pt: "Lodges à beira da natureza selvagem.",
        },
        host: "kestrel.localhost",
        theme: "timber",
        tokens: ["#2f4a2c", "#fdfbf5", "#8c3b12", "#f1ede4", "#fffdf8", "#1f1a14"],
        fonts: ["humanist", "humanist"],
        radius: 2,
        locales: &[Locale::En, Locale::Fr, Locale::De, Locale::Pt],
        currencies: &["GBP", "EUR"],
        app_return_urls: &["kestrellodges://"],
    },
    SeedTenant {
        id: "solstice",
        name: "Solstice Suites",
        tagline: Localized {
            en: "Stay like you live here.",
            fr: "Séjournez comme si vous viviez ici.",
            de: "Wohnen Sie, als wären Sie hier zu Hause.",
            pt: "Fique como se morasse aqui.",
        },
        host: "solstice.localhost",
        theme: "harbor",
        tokens: ["#5b2a86", "#ffffff", "#0f7173", "#fafafa", "#ffffff", "#161616"],
        fonts: ["sans", "sans"],
        radius: 16,
        locales: &[Locale::En, Locale::Pt],
        currencies: &["USD", "EUR"],
        app_return_urls: &[],
    },
];

impl SeedTenant {
    /// The language to answer an `Accept-Language` header in: the best of the
    /// tenant's languages by the header's q-values, else its default.
    pub fn language(&self, accept_language: Option<&str>) -> Locale {
        accept_language.and_then(|header| Locale::negotiate(header, self.locales)).unwrap_or(self.locales[0])
    }
}

/// The tenant a property belongs to.
pub fn tenant_of(property: &SeedProperty) -> &'static SeedTenant {
    TENANTS.iter().find(|t| t.id == property.tenant).expect("every seeded property has a seeded tenant")
}

const CANCELLATION_OVERVIEW: Localized = Localized {
    en: "Each rate shows its own cancellation terms before you book.",
    fr: "Chaque tarif indique ses propres conditions d'annulation avant la réservation.",
    de: "Jeder Tarif nennt seine eigenen Stornierungsbedingungen, bevor Sie buchen.",
    pt: "Cada tarifa mostra as suas próprias condições de cancelamento antes de reservar.",
};
const PAYMENT_OVERVIEW: Localized = Localized {
    en: "You pay securely on our payment partner's page; we never see your card.",
    fr: "Vous payez en toute sécurité sur la page de notre partenaire de paiement ; nous ne voyons jamais votre carte.",
    de: "Sie bezahlen sicher auf der Seite unseres Zahlungspartners; Ihre Karte sehen wir nie.",
    pt: "Paga em segurança na página do nosso parceiro de pagamentos; nunca vemos o seu cartão.",
};

/// `t`'s configuration with its texts in `lang` (one of its languages).
pub fn tenant_config(t: &SeedTenant, lang: Locale) -> TenantConfigDto {
    let [primary, on_primary, accent, background, surface, text] = t.tokens;
    TenantConfigDto {
        id: t.id.into(),
        name: t.name.into(),
        tagline: t.tagline.get(lang).into(),
        hosts: vec![t.host.into(), format!("book.{}.example", t.id)],
        theme: t.theme.into(),
        tokens: RawThemeTokens {
            primary: primary.into(),
            on_primary: on_primary.into(),
            accent: accent.into(),
            background: background.into(),
            surface: surface.into(),
            text: text.into(),
            heading_font: t.fonts[0].into(),
            body_font: t.fonts[1].into(),
            radius_px: t.radius,
        },
        locales: t.locales.iter().map(|l| l.to_string()).collect(),
        default_locale: t.locales[0].to_string(),
        currencies: t.currencies.iter().map(|s| s.to_string()).collect(),
        default_currency: t.currencies[0].into(),
        properties: PROPERTIES
            .iter()
            .filter(|p| p.tenant == t.id)
            .map(|p| PropertyDto {
                id: p.id.into(),
                name: p.name.into(),
                city: p.city.into(),
                country: p.country.into(),
                summary: p.summary.get(lang).into(),
                stars: p.stars,
                time_zone: p.time_zone.into(),
                currency: p.currency.into(),
                checkin_time: CHECKIN_TIME.into(),
                checkout_time: "11:00".into(),
                address: address(p.id).iter().map(|line| line.to_string()).collect(),
                phone: Some(phone(p.id).into()),
                email: Some(format!("frontdesk@{}.example", p.id)),
                // Photos are on the platform's origin (`images.rs`).
                images: Vec::new(),
            })
            .collect(),
        policies: PoliciesDto {
            cancellation: CANCELLATION_OVERVIEW.get(lang).into(),
            payment: PAYMENT_OVERVIEW.get(lang).into(),
            // Linked to the pages the demo platform serves (`policies.rs`), which
            // knows its own address.
            terms_url: None,
            privacy_url: None,
        },
        analytics: AnalyticsDto {
            enabled: t.id == "aurora",
            measurement_id: (t.id == "aurora").then(|| "G-DEMO0001".into()),
        },
        app_return_urls: t.app_return_urls.iter().map(|s| s.to_string()).collect(),
        image_origins: Vec::new(),
    }
}

/// The demo properties' postal addresses (made up, plausible).
fn address(property: &str) -> &'static [&'static str] {
    match property {
        "aurora-lisbon" => &["Rua da Ribeira Nova 12", "1200-370 Lisboa", "Portugal"],
        "aurora-berlin" => &["Oranienstraße 48", "10969 Berlin", "Deutschland"],
        "kestrel-skye" => &["Harbour Brae", "Portree IV51 9DB", "United Kingdom"],
        "kestrel-windermere" => &["Lakeside Road", "Windermere LA23 1LJ", "United Kingdom"],
        "solstice-brooklyn" => &["85 Water Street", "Brooklyn, NY 11201", "United States"],
        "solstice-chicago" => &["400 N Wells Street", "Chicago, IL 60654", "United States"],
        "solstice-austin" => &["1201 E 6th Street", "Austin, TX 78702", "United States"],
        _ => &[],
    }
}

/// The demo properties' front desks (numbers in each country's range for drama).
fn phone(property: &str) -> &'static str {
    match property {
        "aurora-lisbon" => "+351 210 000 123",
        "aurora-berlin" => "+49 30 0000 4812",
        "kestrel-skye" => "+44 1478 000 123",
        "kestrel-windermere" => "+44 15394 00012",
        "solstice-brooklyn" => "+1 718 555 0185",
        "solstice-chicago" => "+1 312 555 0140",
        _ => "+1 512 555 0112",
    }
}

pub fn property(id: &str) -> Option<&'static SeedProperty> {
    PROPERTIES.iter().find(|p| p.id == id)
}
