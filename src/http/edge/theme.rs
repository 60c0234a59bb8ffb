//! The theme registry: every theme a tenant may name, as data. The layout has
//! one header and one footer; what differs between themes — the stylesheet, a
//! mark before the brand, where the tagline sits, the footer's line — is a row
//! here, so a new theme is a stylesheet and a row, not a branch in a template.

use crate::domain::tenant::ThemeName;

/// What a theme changes in the page chrome.
pub struct Theme {
    pub name: ThemeName,
    /// The stylesheet's source, embedded and served hashed (`routes::assets`).
    pub css: &'static [u8],
    /// A decorative mark before the brand name.
    pub brand_mark: Option<&'static str>,
    /// A header link back to the search, its label a catalog key.
    pub header_link: Option<&'static str>,
    /// The tagline sits in a band under the header row instead of beside the brand.
    pub tagline_band: bool,
    /// The footer's line, a catalog key.
    pub footer_line: &'static str,
    /// The footer sets the brand and its line as a grid, rather than one line.
    pub footer_grid: bool,
}

/// Every theme, in [`ThemeName::ALL`]'s order.
pub static THEMES: [Theme; ThemeName::ALL.len()] = [
    Theme {
        name: ThemeName::Harbor,
        css: include_bytes!("../../../static/themes/harbor.css"),
        brand_mark: Some("✦"),
        header_link: None,
        tagline_band: false,
        footer_line: "footer-harbor",
        footer_grid: false,
    },
    Theme {
        name: ThemeName::Timber,
        css: include_bytes!("../../../static/themes/timber.css"),
        brand_mark: None,
        header_link: Some("header-timber-find"),
        tagline_band: true,
        footer_line: "footer-timber",
        footer_grid: true,
    },
];

impl Theme {
    pub fn of(name: ThemeName) -> &'static Theme {
        &THEMES[name.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_name_has_its_row() {
        for name in ThemeName::ALL {
            assert_eq!(Theme::of(name).name, name);
        }
    }
}
