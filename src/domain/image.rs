//! A photo of a property or a room type as the site shows it: the same picture
//! at a few widths on one origin, its intrinsic size (so the page reserves its
//! box before it arrives: no layout shift) and a text alternative per language.
//! Only valid photos exist: every URL is a plain absolute `http(s)` URL that can
//! stand in a `srcset` (no comma, no space), widths ascend, sizes are bounded.

use super::msg::Locale;

/// Variants one photo may have.
pub const MAX_VARIANTS: usize = 6;
/// The longest URL of a variant, in bytes.
pub const MAX_URL_LEN: usize = 2048;
/// The longest text alternative, in characters.
pub const MAX_ALT_CHARS: usize = 300;
/// The largest width or height, in pixels.
pub const MAX_SIDE: u32 = 16_384;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    variants: Vec<ImageVariant>,
    origin: String,
    width: u32,
    height: u32,
    alt: Vec<(Locale, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageVariant {
    /// The URL as a URL parser writes it back.
    pub url: String,
    pub width: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("an image needs 1–6 variants")]
    Variants,
    #[error("variant URL is not a plain absolute http(s) URL usable in a srcset")]
    Url,
    #[error("variants are on more than one origin")]
    Origins,
    #[error("variant widths must ascend, each 1–16384")]
    Widths,
    #[error("width and height must each be 1–16384")]
    Size,
    #[error("no usable text alternative")]
    Alt,
}

impl Image {
    /// A photo from its variants (`(url, width)`, ascending widths), intrinsic
    /// size and text alternatives by language tag. Alternatives in a language
    /// we do not translate into, empty, too long or holding control
    /// characters are left out; a photo left with none is refused.
    pub fn new<'a>(
        variants: impl IntoIterator<Item = (&'a str, u32)>,
        width: u32,
        height: u32,
        alt: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, ImageError> {
        let mut parsed: Vec<ImageVariant> = Vec::new();
        let mut origin: Option<String> = None;
        for (raw, w) in variants.into_iter().take(MAX_VARIANTS + 1) {
            let url = plain_url(raw).ok_or(ImageError::Url)?;
            let this_origin = url.origin().ascii_serialization();
            if origin.get_or_insert_with(|| this_origin.clone()) != &this_origin {
                return Err(ImageError::Origins);
            }
            if w == 0 || w > MAX_SIDE || parsed.last().is_some_and(|last| last.width >= w) {
                return Err(ImageError::Widths);
            }
            parsed.push(ImageVariant { url: url.to_string(), width: w });
        }
        if parsed.is_empty() || parsed.len() > MAX_VARIANTS {
            return Err(ImageError::Variants);
        }
        if !(1..=MAX_SIDE).contains(&width) || !(1..=MAX_SIDE).contains(&height) {
            return Err(ImageError::Size);
        }
        let mut alts: Vec<(Locale, String)> = Vec::new();
        for (tag, text) in alt {
            let text = text.trim();
            let usable =
                !text.is_empty() && text.chars().count() <= MAX_ALT_CHARS && !text.chars().any(char::is_control);
            match Locale::parse(tag) {
                Some(locale) if usable && !alts.iter().any(|(l, _)| *l == locale) => {
                    alts.push((locale, text.to_owned()))
                }
                _ => {}
            }
        }
        if alts.is_empty() {
            return Err(ImageError::Alt);
        }
        Ok(Self { variants: parsed, origin: origin.unwrap_or_default(), width, height, alt: alts })
    }

    /// The origin every variant is served from (`https://img.example`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn variants(&self) -> &[ImageVariant] {
        &self.variants
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// The text alternative in `locale`, else in `fallback` (the tenant's
    /// default language); `None` when it has neither.
    pub fn alt(&self, locale: Locale, fallback: Locale) -> Option<&str> {
        let find = |wanted: Locale| self.alt.iter().find(|(l, _)| *l == wanted).map(|(_, text)| text.as_str());
        find(locale).or_else(|| find(fallback))
    }
}

/// `raw` as a URL a page may load a photo from: `http` or `https`, a host, no
/// credentials, no fragment, and nothing that would split a `srcset` entry.
fn plain_url(raw: &str) -> Option<url::Url> {
    if raw.len() > MAX_URL_LEN {
        return None;
    }
    let url = url::Url::parse(raw.trim()).ok()?;
    let written = url.as_str();
    let plain = matches!(url.scheme(), "https" | "http")
        && url.has_host()
        && url.username().is_empty()
        && url.password().is_none()
        && url.fragment().is_none()
        && !written.contains([',', ' ', '"', '\'', '<', '>']);
    plain.then_some(url)
}

/// `raw` as a CSP source expression of one origin (`https://img.example`,
/// with its port when not the scheme's), or `None` for anything but a bare
/// `http(s)` origin.
pub fn origin_of(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    let bare = matches!(url.scheme(), "https" | "http")
        && url.has_host()
        && url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    bare.then(|| url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(variants: &[(&str, u32)], alt: &[(&str, &str)]) -> Result<Image, ImageError> {
        Image::new(variants.iter().copied(), 640, 480, alt.iter().copied())
    }

    #[test]
    fn a_valid_photo_keeps_its_variants_and_origin() {
        let image = photo(
            &[("https://img.example/a-320.webp", 320), ("https://img.example/a-640.webp", 640)],
            &[("en", "A room"), ("fr-FR", "Une chambre")],
        )
        .unwrap();
        assert_eq!(image.origin(), "https://img.example");
        assert_eq!(image.variants().len(), 2);
        assert_eq!(image.alt(Locale::Fr, Locale::En), Some("Une chambre"));
    }

    #[test]
    fn alt_falls_back_to_the_default_language() {
        let image = photo(&[("https://img.example/a.webp", 320)], &[("en", "A room")]).unwrap();
        assert_eq!(image.alt(Locale::De, Locale::En), Some("A room"));
        assert_eq!(image.alt(Locale::De, Locale::Pt), None);
    }

    #[test]
    fn refuses_urls_that_could_break_out() {
        for bad in [
            "javascript:alert(1)",
            "data:image/webp;base64,AAAA",
            "https://user:pw@img.example/a.webp",
            "https://img.example/a.webp 2x, https://evil.example/b.webp",
            "https://img.example/a,b.webp",
            "/relative.webp",
            "https://img.example/a.webp#frag",
        ] {
            assert_eq!(photo(&[(bad, 320)], &[("en", "x")]), Err(ImageError::Url), "{bad}");
        }
    }

    #[test]
    fn refuses_mixed_origins_bad_widths_and_no_alt() {
        let two = [("https://a.example/1.webp", 320), ("https://b.example/2.webp", 640)];
        assert_eq!(photo(&two, &[("en", "x")]), Err(ImageError::Origins));
        let down = [("https://a.example/1.webp", 640), ("https://a.example/2.webp", 320)];
        assert_eq!(photo(&down, &[("en", "x")]), Err(ImageError::Widths));
        assert_eq!(photo(&[], &[("en", "x")]), Err(ImageError::Variants));
        let one = [("https://a.example/1.webp", 320)];
        assert_eq!(photo(&one, &[("xx", "x"), ("en", " "), ("fr", "a\u{0}b")]), Err(ImageError::Alt));
    }

    #[test]
    fn origins_are_bare() {
        assert_eq!(origin_of("https://img.example").as_deref(), Some("https://img.example"));
        assert_eq!(origin_of("http://127.0.0.1:8081/").as_deref(), Some("http://127.0.0.1:8081"));
        assert_eq!(origin_of("https://img.example:443").as_deref(), Some("https://img.example"));
        for bad in ["https://img.example/photos/", "ftp://img.example", "'unsafe-inline'", "*", "https://a@b.example"] {
            assert_eq!(origin_of(bad), None, "{bad}");
        }
    }
}
