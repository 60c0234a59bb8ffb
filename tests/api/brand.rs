//! The tenant's brand in the browser: icon, home-screen icon, manifest and
//! theme colour, derived from its theme tokens; `/favicon.ico` no longer 404s.

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{TestApp, header, location, page};

const HOSTS: [(&str, &str, &str); 2] =
    [("aurora.localhost", "Aurora Hotels", "A"), ("kestrel.localhost", "Kestrel Lodges", "K")];

fn link(html: &str, rel: &str) -> String {
    let needle = format!("<link rel=\"{rel}\" href=\"");
    let start = html.find(&needle).unwrap_or_else(|| panic!("no {rel} link"));
    let rest = &html[start + needle.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn each_tenant_has_its_icon_manifest_and_theme_colour() {
    let app = TestApp::spawn().await;
    let mut icons = Vec::new();
    for (host, name, initial) in HOSTS {
        let guest = app.guest();
        let html = page(&guest, host, "/").await;
        let colour = {
            let start = html.find("<meta name=\"theme-color\" content=\"").expect("a theme colour") + 34;
            html[start..start + 7].to_owned()
        };

        let icon = link(&html, "icon");
        let res = guest.get(host, &icon).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(&res, "content-type"), "image/svg+xml");
        assert!(header(&res, "cache-control").contains("immutable"));
        let svg = res.text().await.unwrap();
        assert!(svg.starts_with("<svg") && svg.contains(&format!("fill=\"{colour}\"")), "{svg}");
        assert!(svg.contains(&format!(">{initial}</text>")), "{svg}");
        icons.push(svg);

        // Browsers that ask on their own are sent to the same icons.
        let res = guest.get(host, "/favicon.ico").await;
        assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY);
        assert_eq!(location(&res), icon);
        let touch = link(&html, "apple-touch-icon");
        assert_eq!(location(&guest.get(host, "/apple-touch-icon.png").await), touch);
        let png = guest.get(host, &touch).await.bytes().await.unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes([png[16], png[17], png[18], png[19]]), 180, "180 px wide");

        let res = guest.get(host, &link(&html, "manifest")).await;
        assert_eq!(header(&res, "content-type"), "application/manifest+json");
        let manifest: Value = res.json().await.unwrap();
        assert_eq!(manifest["name"], name);
        assert_eq!(manifest["theme_color"], colour.as_str());
        assert_eq!(manifest["start_url"], "/");
        for icon in manifest["icons"].as_array().unwrap() {
            let res = guest.get(host, icon["src"].as_str().unwrap()).await;
            assert_eq!(res.status(), StatusCode::OK, "{icon}");
            assert_eq!(header(&res, "content-type"), icon["type"].as_str().unwrap());
        }

        // An icon of another theme (an old hash) is gone, not served stale.
        assert_eq!(guest.get(host, "/icon.000000000000.svg").await.status(), StatusCode::NOT_FOUND);
    }
    assert_ne!(icons[0], icons[1], "each tenant its own icon");
}

#[tokio::test]
async fn what_any_cache_may_keep_sets_no_cookie() {
    let app = TestApp::spawn().await;
    let (host, _, _) = HOSTS[0];
    let html = page(&app.guest(), host, "/").await;
    let mut shared = vec!["/favicon.ico".to_owned(), "/apple-touch-icon.png".to_owned()];
    for rel in ["icon", "apple-touch-icon", "manifest"] {
        shared.push(link(&html, rel));
    }
    let brand_css = &html[html.find("href=\"/brand.").expect("the brand's stylesheet") + 6..];
    shared.push(brand_css[..brand_css.find('"').unwrap()].to_owned());
    for path in &shared {
        // A first visit: no cookie of any kind yet, so every layer would set its own.
        let res = app.guest().get(host, path).await;
        assert!(header(&res, "cache-control").contains("public"), "{path} is for any cache");
        let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
        assert!(cookies.is_empty(), "{path} sets {cookies:?}");
    }
    // A page still gives a first visit its cookies.
    let res = app.guest().get(host, "/").await;
    assert!(res.headers().get_all("set-cookie").iter().count() > 0, "the landing sets its cookies");
}
