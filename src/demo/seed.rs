//! The demo platform's seed data: three tenants, seven properties, room types and
//! rate plans, and a calendar whose restrictions are defined relative to "today"
//! so tests and demos always find bookable dates (rules in docs/upstreams.md).

use crate::domain::tenant::RawThemeTokens;
use crate::upstream::contract::{
    AnalyticsDto, CancellationTermsDto, PenaltyDto, PoliciesDto, PropertyDto, TenantConfigDto,
};

pub struct SeedRoomType {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub max_occupancy: u8,
    pub bedding: &'static str,
    pub size_sqm: u16,
    pub units: u32,
    /// Weeknight price of one room, minor units.
    pub base_price: i64,
}

pub struct SeedRatePlan {
    pub id: &'static str,
    pub name: &'static str,
    pub refundable: bool,
    pub breakfast_included: bool,
    /// Price adjustment in basis points (−1200 = 12 % off).
    pub adjustment_bp: i64,
    pub cancellation_policy: &'static str,
    /// The same terms as data (what a cancellation is evaluated on).
    pub cancellation: CancellationTermsDto,
    /// Offered only with this negotiated (corporate) code; `None`: public.
    pub code: Option<&'static str>,
}

/// Every demo hotel's check-in time.
pub const CHECKIN_TIME: &str = "15:00";

/// Free until 2 days before arrival (at check-in time), then the first night.
const FREE_UNTIL_TWO_DAYS: CancellationTermsDto =
    CancellationTermsDto { refundable: true, days_before: 2, hours_before: 0, penalty: Some(PenaltyDto::Nights(1)) };
const NON_REFUNDABLE: CancellationTermsDto =
    CancellationTermsDto { refundable: false, days_before: 0, hours_before: 0, penalty: None };

pub struct SeedProperty {
    pub tenant: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    pub country: &'static str,
    pub summary: &'static str,
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
        name: "Flexible",
        refundable: true,
        breakfast_included: false,
        adjustment_bp: 0,
        cancellation_policy: "Free cancellation until 2 days before arrival; after that, the first night is charged.",
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
    },
    SeedRatePlan {
        id: "bb",
        name: "Bed & Breakfast",
        refundable: true,
        breakfast_included: true,
        adjustment_bp: 0,
        cancellation_policy: "Free cancellation until 2 days before arrival; after that, the first night is charged.",
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: None,
    },
    SeedRatePlan {
        id: "saver",
        name: "Saver (non-refundable)",
        refundable: false,
        breakfast_included: false,
        adjustment_bp: -1_200,
        cancellation_policy: "Non-refundable: the full amount is charged at booking and not refunded.",
        cancellation: NON_REFUNDABLE,
        code: None,
    },
    SeedRatePlan {
        id: "corporate",
        name: "Acme corporate rate",
        refundable: true,
        breakfast_included: true,
        adjustment_bp: -1_500,
        cancellation_policy: "Free cancellation until 2 days before arrival; after that, the first night is charged.",
        cancellation: FREE_UNTIL_TWO_DAYS,
        code: Some(super::inventory::CORPORATE_CODE),
    },
];

pub const PROPERTIES: &[SeedProperty] = &[
    SeedProperty {
        tenant: "aurora",
        id: "aurora-lisbon",
        name: "Aurora Lisboa Riverside",
        city: "Lisbon",
        country: "PT",
        summary: "Tiled façade, rooftop terrace and river views, a short walk from Cais do Sodré.",
        stars: 4,
        time_zone: "Europe/Lisbon",
        currency: "EUR",
        tax_bp: 600,
        fee_per_adult_night: 400,
        breakfast_per_guest: 1_600,
        room_types: &[
            SeedRoomType {
                id: "classic-double",
                name: "Classic Double",
                description: "A calm courtyard-facing room with a queen bed and rain shower.",
                max_occupancy: 2,
                bedding: "1 queen bed",
                size_sqm: 22,
                units: 6,
                base_price: 14_500,
            },
            SeedRoomType {
                id: "river-king",
                name: "River View King",
                description: "Floor-to-ceiling windows over the Tagus, king bed, sofa bed for a child.",
                max_occupancy: 3,
                bedding: "1 king bed + sofa bed",
                size_sqm: 30,
                units: 4,
                base_price: 21_000,
            },
            SeedRoomType {
                id: "family-suite",
                name: "Family Suite",
                description: "Two rooms, two bathrooms, space for five.",
                max_occupancy: 5,
                bedding: "1 king bed + 2 single beds + cot on request",
                size_sqm: 48,
                units: 2,
                base_price: 32_000,
            },
            SeedRoomType {
                id: "rooftop-loft",
                name: "Rooftop Loft",
                description: "Our one loft, with a private terrace under the sky.",
                max_occupancy: 2,
                bedding: "1 king bed",
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
        summary: "A converted printworks in Mitte with a library bar and bikes to borrow.",
        stars: 4,
        time_zone: "Europe/Berlin",
        currency: "EUR",
        tax_bp: 700,
        fee_per_adult_night: 500,
        breakfast_per_guest: 1_900,
        room_types: &[
            SeedRoomType {
                id: "studio",
                name: "Studio Queen",
                description: "Compact, quiet and bright, with a work desk.",
                max_occupancy: 2,
                bedding: "1 queen bed",
                size_sqm: 20,
                units: 8,
                base_price: 12_900,
            },
            SeedRoomType {
                id: "loft-king",
                name: "Printworks Loft",
                description: "Exposed brick, high ceilings, king bed and a reading nook.",
                max_occupancy: 3,
                bedding: "1 king bed + daybed",
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
        summary: "Timber lodges above the harbour, wood-fired sauna, and the Cuillin on the horizon.",
        stars: 5,
        time_zone: "Europe/London",
        currency: "GBP",
        tax_bp: 2_000,
        fee_per_adult_night: 0,
        breakfast_per_guest: 1_800,
        room_types: &[
            SeedRoomType {
                id: "snug",
                name: "Harbour Snug",
                description: "A snug for two with a stove and a window seat.",
                max_occupancy: 2,
                bedding: "1 double bed",
                size_sqm: 24,
                units: 5,
                base_price: 17_500,
            },
            SeedRoomType {
                id: "lodge",
                name: "Two-Bedroom Lodge",
                description: "A whole lodge with a kitchen, deck and hot tub.",
                max_occupancy: 4,
                bedding: "1 king bed + 2 single beds",
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
        summary: "Lakeside cabins with boats to borrow and a drying room for the fells.",
        stars: 4,
        time_zone: "Europe/London",
        currency: "GBP",
        tax_bp: 2_000,
        fee_per_adult_night: 0,
        breakfast_per_guest: 1_500,
        room_types: &[
            SeedRoomType {
                id: "cabin",
                name: "Lakeside Cabin",
                description: "Wood-panelled, with a private jetty step.",
                max_occupancy: 3,
                bedding: "1 double bed + bunk",
                size_sqm: 28,
                units: 4,
                base_price: 15_500,
            },
            SeedRoomType {
                id: "boathouse",
                name: "The Boathouse",
                description: "Our one boathouse suite, right on the water.",
                max_occupancy: 2,
                bedding: "1 king bed",
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
        summary: "Apartment-style suites in DUMBO with a kitchen in every room.",
        stars: 4,
        time_zone: "America/New_York",
        currency: "USD",
        tax_bp: 1_475,
        fee_per_adult_night: 350,
        breakfast_per_guest: 2_200,
        room_types: &[SeedRoomType {
            id: "suite",
            name: "One-Bedroom Suite",
            description: "Separate bedroom, living room with sofa bed, full kitchen.",
            max_occupancy: 4,
            bedding: "1 queen bed + sofa bed",
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
        summary: "Loft suites in the West Loop, a short walk from the Riverwalk.",
        stars: 4,
        time_zone: "America/Chicago",
        currency: "USD",
        tax_bp: 1_739,
        fee_per_adult_night: 300,
        breakfast_per_guest: 1_900,
        room_types: &[SeedRoomType {
            id: "loft",
            name: "Loft Suite",
            description: "High ceilings, a kitchenette and a sofa bed.",
            max_occupancy: 3,
            bedding: "1 king bed + sofa bed",
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
        summary: "Garden suites off South Congress, with a pool and a porch swing.",
        stars: 4,
        time_zone: "America/Chicago",
        currency: "USD",
        tax_bp: 1_700,
        fee_per_adult_night: 250,
        breakfast_per_guest: 1_800,
        room_types: &[SeedRoomType {
            id: "garden",
            name: "Garden Suite",
            description: "A bedroom and a living room opening onto the garden.",
            max_occupancy: 4,
            bedding: "1 queen bed + sofa bed",
            size_sqm: 50,
            units: 4,
            base_price: 22_900,
        }],
    },
];

pub struct SeedTenant {
    pub id: &'static str,
    pub name: &'static str,
    pub tagline: &'static str,
    pub host: &'static str,
    pub theme: &'static str,
    pub tokens: [&'static str; 6],
    pub fonts: [&'static str; 2],
    pub radius: i64,
    pub locales: &'static [&'static str],
    pub currencies: &'static [&'static str],
    /// Prefixes of the app's return URLs (docs/upstreams.md §2).
    pub app_return_urls: &'static [&'static str],
}

pub const TENANTS: &[SeedTenant] = &[
    SeedTenant {
        id: "aurora",
        name: "Aurora Hotels",
        tagline: "City hotels with the lights left on for you.",
        host: "aurora.localhost",
        theme: "harbor",
        // primary, onPrimary, accent, background, surface, text
        tokens: ["#1b4965", "#ffffff", "#b5651d", "#f7f4ee", "#ffffff", "#1d232a"],
        fonts: ["serif", "sans"],
        radius: 10,
        locales: &["en", "fr", "de", "pt"],
        currencies: &["EUR", "GBP", "USD"],
        app_return_urls: &["aurorabooking://", "https://aurora.example/app/"],
    },
    SeedTenant {
        id: "kestrel",
        name: "Kestrel Lodges",
        tagline: "Lodges at the edge of the wild.",
        host: "kestrel.localhost",
        theme: "timber",
        tokens: ["#2f4a2c", "#fdfbf5", "#8c3b12", "#f1ede4", "#fffdf8", "#1f1a14"],
        fonts: ["humanist", "humanist"],
        radius: 2,
        locales: &["en", "fr", "de", "pt"],
        currencies: &["GBP", "EUR"],
        app_return_urls: &["kestrellodges://"],
    },
    SeedTenant {
        id: "solstice",
        name: "Solstice Suites",
        tagline: "Stay like you live here.",
        host: "solstice.localhost",
        theme: "harbor",
        tokens: ["#5b2a86", "#ffffff", "#0f7173", "#fafafa", "#ffffff", "#161616"],
        fonts: ["sans", "sans"],
        radius: 16,
        locales: &["en", "pt"],
        currencies: &["USD", "EUR"],
        app_return_urls: &[],
    },
];

pub fn tenant_config(t: &SeedTenant) -> TenantConfigDto {
    let [primary, on_primary, accent, background, surface, text] = t.tokens;
    TenantConfigDto {
        id: t.id.into(),
        name: t.name.into(),
        tagline: t.tagline.into(),
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
        locales: t.locales.iter().map(|s| s.to_string()).collect(),
        default_locale: "en".into(),
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
                summary: p.summary.into(),
                stars: p.stars,
                time_zone: p.time_zone.into(),
                currency: p.currency.into(),
                checkin_time: CHECKIN_TIME.into(),
                checkout_time: "11:00".into(),
                address: address(p.id).iter().map(|line| line.to_string()).collect(),
                phone: Some(phone(p.id).into()),
                email: Some(format!("frontdesk@{}.example", p.id)),
            })
            .collect(),
        policies: PoliciesDto {
            cancellation: "Each rate shows its own cancellation terms before you book.".into(),
            payment: "You pay securely on our payment partner's page; we never see your card.".into(),
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
