//! The demo hotels' photos: small WebP drawings made by `scripts/demo-images`
//! (committed under `src/demo/images/`, embedded in the binary), served by the
//! demo platform from its own origin at `GET /images/{name}-{width}.webp` as a
//! real platform's image host would, and named in its tenant-config
//! (`properties[].images`, `imageOrigins`) and availability
//! (`roomTypes[].images`) answers with their text alternatives.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::DemoState;
use crate::upstream::contract::{ImageDto, ImageVariantDto, TenantConfigDto};

/// Every drawing's intrinsic size (4:3) and the widths it is served at.
pub const WIDTH: u32 = 640;
pub const HEIGHT: u32 = 480;
pub const WIDTHS: [u32; 2] = [320, 640];

/// A drawing and what it shows, in English, French, German and Portuguese.
struct Photo {
    name: &'static str,
    alt: [&'static str; 4],
}

const PHOTOS: &[Photo] = &[
    Photo {
        name: "lisbon-facade",
        alt: [
            "Blue-tiled façade of the hotel with white windows under a terracotta roof",
            "Façade de l'hôtel en azulejos bleus, fenêtres blanches et toit de tuiles",
            "Blau geflieste Fassade des Hotels mit weißen Fenstern unter einem Ziegeldach",
            "Fachada do hotel em azulejos azuis com janelas brancas sob um telhado de telha",
        ],
    },
    Photo {
        name: "lisbon-terrace",
        alt: [
            "Rooftop terrace over the river at sunset, with a small table",
            "Terrasse sur le toit au-dessus du fleuve au coucher du soleil, avec une petite table",
            "Dachterrasse über dem Fluss bei Sonnenuntergang, mit einem kleinen Tisch",
            "Terraço no telhado sobre o rio ao pôr do sol, com uma pequena mesa",
        ],
    },
    Photo {
        name: "berlin-printworks",
        alt: [
            "Red-brick former printworks with a chimney and lit windows",
            "Ancienne imprimerie en briques rouges avec une cheminée et des fenêtres éclairées",
            "Ehemalige Druckerei aus rotem Backstein mit Schornstein und erleuchteten Fenstern",
            "Antiga tipografia de tijolo vermelho com chaminé e janelas iluminadas",
        ],
    },
    Photo {
        name: "library-bar",
        alt: [
            "Library bar: shelves of books above a wooden counter and pendant lamps",
            "Bar-bibliothèque : rayonnages de livres au-dessus d'un comptoir en bois et suspensions",
            "Bibliotheksbar: Bücherregale über einer Holztheke und Hängelampen",
            "Bar-biblioteca: estantes de livros sobre um balcão de madeira e candeeiros suspensos",
        ],
    },
    Photo {
        name: "skye-lodge",
        alt: [
            "Timber lodge with lit windows below grey mountains",
            "Lodge en bois aux fenêtres éclairées sous des montagnes grises",
            "Holzlodge mit erleuchteten Fenstern unter grauen Bergen",
            "Cabana de madeira com janelas iluminadas sob montanhas cinzentas",
        ],
    },
    Photo {
        name: "windermere-cabin",
        alt: [
            "Cabin on stilts over the lake, with a wooden jetty and green hills",
            "Cabane sur pilotis au-dessus du lac, avec un ponton en bois et des collines vertes",
            "Hütte auf Stelzen über dem See, mit einem Holzsteg und grünen Hügeln",
            "Cabana sobre estacas no lago, com um pontão de madeira e colinas verdes",
        ],
    },
    Photo {
        name: "double-room",
        alt: [
            "Bedroom with a double bed, a bedside lamp and a large window",
            "Chambre avec un lit double, une lampe de chevet et une grande fenêtre",
            "Schlafzimmer mit Doppelbett, Nachttischlampe und großem Fenster",
            "Quarto com cama de casal, candeeiro de cabeceira e uma janela grande",
        ],
    },
    Photo {
        name: "suite-lounge",
        alt: [
            "Living room of a suite with a green sofa, a low table and a painting",
            "Salon d'une suite avec un canapé vert, une table basse et un tableau",
            "Wohnzimmer einer Suite mit grünem Sofa, niedrigem Tisch und einem Gemälde",
            "Sala de uma suite com sofá verde, mesa baixa e um quadro",
        ],
    },
];

/// The bytes of every served file, by file name.
const FILES: &[(&str, &[u8])] = &[
    ("lisbon-facade-320.webp", include_bytes!("images/lisbon-facade-320.webp")),
    ("lisbon-facade-640.webp", include_bytes!("images/lisbon-facade-640.webp")),
    ("lisbon-terrace-320.webp", include_bytes!("images/lisbon-terrace-320.webp")),
    ("lisbon-terrace-640.webp", include_bytes!("images/lisbon-terrace-640.webp")),
    ("berlin-printworks-320.webp", include_bytes!("images/berlin-printworks-320.webp")),
    ("berlin-printworks-640.webp", include_bytes!("images/berlin-printworks-640.webp")),
    ("library-bar-320.webp", include_bytes!("images/library-bar-320.webp")),
    ("library-bar-640.webp", include_bytes!("images/library-bar-640.webp")),
    ("skye-lodge-320.webp", include_bytes!("images/skye-lodge-320.webp")),
    ("skye-lodge-640.webp", include_bytes!("images/skye-lodge-640.webp")),
    ("windermere-cabin-320.webp", include_bytes!("images/windermere-cabin-320.webp")),
    ("windermere-cabin-640.webp", include_bytes!("images/windermere-cabin-640.webp")),
    ("double-room-320.webp", include_bytes!("images/double-room-320.webp")),
    ("double-room-640.webp", include_bytes!("images/double-room-640.webp")),
    ("suite-lounge-320.webp", include_bytes!("images/suite-lounge-320.webp")),
    ("suite-lounge-640.webp", include_bytes!("images/suite-lounge-640.webp")),
];

/// The photos of each demo property, the main one first (Solstice has none).
fn property_photos(property: &str) -> &'static [&'static str] {
    match property {
        "aurora-lisbon" => &["lisbon-facade", "lisbon-terrace", "double-room", "suite-lounge"],
        "aurora-berlin" => &["berlin-printworks", "library-bar", "suite-lounge"],
        "kestrel-skye" => &["skye-lodge", "double-room", "suite-lounge"],
        "kestrel-windermere" => &["windermere-cabin", "double-room"],
        _ => &[],
    }
}

/// The photo of each demo room type.
fn room_photos(property: &str, room: &str) -> &'static [&'static str] {
    match (property, room) {
        ("aurora-lisbon", "classic-double" | "river-king") => &["double-room"],
        ("aurora-lisbon", "family-suite") => &["suite-lounge"],
        ("aurora-lisbon", "rooftop-loft") => &["lisbon-terrace"],
        ("aurora-berlin", "studio") => &["double-room"],
        ("aurora-berlin", "loft-king") => &["library-bar"],
        ("kestrel-skye", "snug") => &["double-room"],
        ("kestrel-skye", "lodge") => &["skye-lodge", "suite-lounge"],
        ("kestrel-windermere", "cabin") => &["windermere-cabin"],
        ("kestrel-windermere", "boathouse") => &["suite-lounge"],
        _ => &[],
    }
}

pub fn router() -> Router<Arc<DemoState>> {
    Router::new().route("/images/{file}", get(serve))
}

/// `GET /images/{name}-{width}.webp`: the bytes, cacheable for a year (a
/// drawing never changes under its name).
async fn serve(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _)| *name == file) {
        Some((_, bytes)) => (
            [(header::CONTENT_TYPE, "image/webp"), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
            *bytes,
        )
            .into_response(),
        None => super::problem(StatusCode::NOT_FOUND, "unknown-image", "no such image"),
    }
}

fn image(name: &str, origin: &str) -> Option<ImageDto> {
    let photo = PHOTOS.iter().find(|p| p.name == name)?;
    Some(ImageDto {
        variants: WIDTHS
            .iter()
            .map(|w| ImageVariantDto { url: format!("{origin}/images/{name}-{w}.webp"), width: *w })
            .collect(),
        width: WIDTH,
        height: HEIGHT,
        alt: ["en", "fr", "de", "pt"]
            .iter()
            .zip(photo.alt)
            .map(|(tag, text)| (tag.to_string(), text.into()))
            .collect::<BTreeMap<_, _>>(),
    })
}

/// `dto` with its properties' photos on this platform's origin, which it
/// names as the tenant's image origin.
pub fn linked(mut dto: TenantConfigDto, origin: &str) -> TenantConfigDto {
    for property in &mut dto.properties {
        property.images = property_photos(&property.id).iter().filter_map(|name| image(name, origin)).collect();
    }
    dto.image_origins = vec![origin.to_owned()];
    dto
}

/// A room type's photos on this platform's origin.
pub fn room_images(property: &str, room: &str, origin: &str) -> Vec<ImageDto> {
    room_photos(property, room).iter().filter_map(|name| image(name, origin)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_photo_has_its_files() {
        let named = PHOTOS.iter().map(|p| p.name);
        for name in named {
            for w in WIDTHS {
                assert!(FILES.iter().any(|(f, _)| *f == format!("{name}-{w}.webp")), "{name}-{w}");
            }
        }
        for property in super::super::seed::PROPERTIES {
            for name in property_photos(property.id) {
                assert!(PHOTOS.iter().any(|p| p.name == *name), "{name}");
            }
            for room in property.room_types {
                for name in room_photos(property.id, room.id) {
                    assert!(PHOTOS.iter().any(|p| p.name == *name), "{name}");
                }
            }
        }
    }

    #[test]
    fn seeded_photos_are_valid() {
        for photo in PHOTOS {
            let dto = image(photo.name, "http://127.0.0.1:9").unwrap();
            assert!(dto.parse().is_ok(), "{}", photo.name);
        }
    }
}
