//! Photos (issue 18): the contracts carry them, the demo platform serves its
//! own WebP drawings from its origin, the site's CSP allows the tenant's image
//! origins only, pages reserve each photo's box (`width`/`height`), load only the
//! first eagerly, and say its text alternative in the guest's language (else
//! the tenant's default one); a photo on any other origin never reaches a page.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::{TestApp, day, header, page};

const HOSTS: [&str; 2] = ["aurora.localhost", "kestrel.localhost"];

fn property_of(host: &str) -> &'static str {
    if host.starts_with("aurora") { "aurora-lisbon" } else { "kestrel-skye" }
}

fn stay() -> String {
    format!("checkin={}&checkout={}&adults=2", day(3), day(5))
}

/// Every `<img>` of `html`, its attributes by name (a bare attribute is "").
fn img_tags(html: &str) -> Vec<HashMap<String, String>> {
    html.split("<img ")
        .skip(1)
        .map(|rest| {
            let tag = &rest[..rest.find('>').expect("an img tag ends")];
            let mut attrs = HashMap::new();
            let mut s = tag.trim();
            while !s.is_empty() {
                let name_end = s.find(['=', ' ']).unwrap_or(s.len());
                let name = s[..name_end].to_owned();
                s = &s[name_end..];
                if let Some(after) = s.strip_prefix("=\"") {
                    let end = after.find('"').expect("a quoted value ends");
                    attrs.insert(name, after[..end].to_owned());
                    s = &after[end + 1..];
                } else {
                    attrs.insert(name, String::new());
                }
                s = s.trim_start();
            }
            attrs
        })
        .collect()
}

#[tokio::test]
async fn the_demo_platform_serves_its_photos_as_small_webp_from_its_own_origin() {
    let app = TestApp::spawn().await;
    for tenant in ["aurora", "kestrel"] {
        let config = app.demo_get(&format!("/v1/tenants/{tenant}")).await;
        assert_eq!(config["imageOrigins"], json!([app.demo_url]), "{tenant} names the platform's origin");
        for property in config["properties"].as_array().unwrap() {
            let images = property["images"].as_array().unwrap();
            assert!(!images.is_empty(), "{tenant}: {} has photos", property["id"]);
            for image in images {
                assert_eq!((image["width"].as_u64(), image["height"].as_u64()), (Some(640), Some(480)));
                for lang in ["en", "fr", "de", "pt"] {
                    assert!(!image["alt"][lang].as_str().unwrap().is_empty(), "alt in {lang}");
                }
                let variants = image["variants"].as_array().unwrap();
                let widths: Vec<u64> = variants.iter().map(|v| v["width"].as_u64().unwrap()).collect();
                assert_eq!(widths, [320, 640], "two widths, ascending");
                for variant in variants {
                    let url = variant["url"].as_str().unwrap();
                    assert!(url.starts_with(&format!("{}/images/", app.demo_url)), "{url} on the platform's origin");
                    let res = reqwest::get(url).await.unwrap();
                    assert_eq!(res.status(), StatusCode::OK, "{url}");
                    assert_eq!(header(&res, "content-type"), "image/webp");
                    assert!(header(&res, "cache-control").contains("max-age=31536000"), "{url} cached long");
                    let bytes = res.bytes().await.unwrap();
                    assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP", "{url} is WebP");
                    assert!(bytes.len() < 16 * 1024, "{url}: {} bytes, a few KB", bytes.len());
                }
            }
        }
    }
    let offer = app
        .demo_get(&format!(
            "/v1/properties/kestrel-skye/availability?checkin={}&checkout={}&adults=2&rooms=1",
            day(3),
            day(5)
        ))
        .await;
    for room in offer["roomTypes"].as_array().unwrap() {
        assert!(!room["images"].as_array().unwrap().is_empty(), "room type {} has a photo", room["id"]);
    }
    let missing = reqwest::get(format!("{}/images/nothing-320.webp", app.demo_url)).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_csp_of_a_tenants_pages_allows_its_image_origin_only() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for host in HOSTS {
        let res = guest.get(host, &format!("/properties/{}", property_of(host))).await;
        let csp = header(&res, "content-security-policy");
        assert!(csp.contains(&format!("img-src 'self' data: {};", app.demo_url)), "{host}: {csp}");
        assert!(csp.contains("script-src 'self';"), "{host}: the rest of the policy stays: {csp}");
    }
    // Operations answer for no tenant: no image origin in their policy.
    let res = guest.get("aurora.localhost", "/healthz").await;
    assert!(header(&res, "content-security-policy").contains("img-src 'self' data:;"));
}

#[tokio::test]
async fn the_property_page_reserves_every_photos_box_and_loads_only_the_first_eagerly() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for host in HOSTS {
        let html = page(&guest, host, &format!("/properties/{}?{}", property_of(host), stay())).await;
        let imgs = img_tags(&html);
        assert!(imgs.len() >= 4, "{host}: the gallery, its thumbnails and the rooms' photos: {}", imgs.len());
        for (i, img) in imgs.iter().enumerate() {
            for attr in ["src", "srcset", "sizes", "width", "height", "alt"] {
                assert!(img.contains_key(attr), "{host}: img {i} has {attr}: {img:?}");
            }
            assert_eq!(img["decoding"], "async", "{host}: img {i}");
            let w: u32 = img["width"].parse().unwrap();
            let h: u32 = img["height"].parse().unwrap();
            assert!(w > 0 && h > 0, "{host}: img {i} has its intrinsic size");
            for candidate in img["srcset"].split(", ") {
                let (url, descriptor) = candidate.split_once(' ').unwrap();
                assert!(url.starts_with(&app.demo_url), "{host}: {url} on the image origin");
                assert!(descriptor.ends_with('w'), "{host}: width descriptors: {descriptor}");
            }
            if i == 0 {
                assert_eq!(img["loading"], "eager", "{host}: the first photo is loaded at once");
                assert_eq!(img["fetchpriority"], "high", "{host}: the first photo first");
            } else {
                assert_eq!(img["loading"], "lazy", "{host}: img {i} waits until it is near");
                assert!(!img.contains_key("fetchpriority"), "{host}: img {i}");
            }
        }
        assert!(!imgs[0]["alt"].is_empty(), "{host}: the main photo says what it shows");
        // Without JavaScript: each thumbnail is a link to its photo's anchor.
        assert!(html.contains(r##"<a href="#photo-2">"##) && html.contains(r#"id="photo-2""#), "{host}: gallery links");
        assert!(html.contains(r#"class="room-photo""#), "{host}: the rooms show their photo");
    }
}

#[tokio::test]
async fn alt_text_is_in_the_guests_language_on_page_and_json() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    let expected = [
        ("en", "Timber lodge with lit windows below grey mountains"),
        ("fr", "Lodge en bois aux fenêtres éclairées sous des montagnes grises"),
        ("de", "Holzlodge mit erleuchteten Fenstern unter grauen Bergen"),
        ("pt", "Cabana de madeira com janelas iluminadas sob montanhas cinzentas"),
    ];
    for (lang, alt) in expected {
        let html = page(&guest, "kestrel.localhost", &format!("/properties/kestrel-skye?lang={lang}")).await;
        assert_eq!(img_tags(&html)[0]["alt"], alt, "{lang}");
        let res =
            guest.get_json("kestrel.localhost", &format!("/properties/kestrel-skye?{}&lang={lang}", stay())).await;
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["images"][0]["alt"], alt, "{lang}: JSON");
        assert!(!body["rooms"][0]["images"][0]["alt"].as_str().unwrap().is_empty(), "{lang}: a room's photo");
        let res = guest.get_json("kestrel.localhost", &format!("/search?{}&lang={lang}", stay())).await;
        let body: Value = res.json().await.unwrap();
        let first = body["results"].as_array().unwrap().iter().find(|r| r["property"]["id"] == "kestrel-skye");
        assert_eq!(first.unwrap()["image"]["alt"], alt, "{lang}: the search result's photo");
    }
}

/// Lisbon's main photo described in English only.
fn english_only(config: &mut Value) {
    if let Some(alt) = config["properties"][0]["images"][0]["alt"].as_object_mut() {
        alt.retain(|lang, _| lang == "en");
    }
}

#[tokio::test]
async fn alt_text_falls_back_to_the_tenants_default_language() {
    let app = TestApp::builder()
        .tenant_config(|demo| crate::common::edited_tenant_config(demo.to_owned(), english_only))
        .spawn()
        .await;
    let guest = app.guest();
    for lang in ["fr", "de", "pt"] {
        let html = page(&guest, "aurora.localhost", &format!("/properties/aurora-lisbon?lang={lang}")).await;
        assert_eq!(
            img_tags(&html)[0]["alt"],
            "Blue-tiled façade of the hotel with white windows under a terracotta roof",
            "{lang}: the default language's alt"
        );
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}: the page is still in {lang}");
    }
}

/// A photo on an origin the tenant does not name, one whose URL would break
/// out of its attribute (it reaches the page percent-encoded, as a URL parser
/// writes it back), one whose alt holds markup, and image origins that would
/// widen the CSP.
fn hostile_photos(config: &mut Value) {
    let origin = config["imageOrigins"][0].as_str().unwrap().to_owned();
    let foreign = json!({
        "variants": [{ "url": "https://tracker.example/pixel-320.webp", "width": 320 }],
        "width": 640, "height": 480, "alt": { "en": "A foreign photo" }
    });
    let breaking = json!({
        "variants": [{ "url": format!("{origin}/images/x.webp\"><script>alert(1)</script>"), "width": 320 }],
        "width": 640, "height": 480, "alt": { "en": "A breaking photo" }
    });
    let escaped = json!({
        "variants": [{ "url": format!("{origin}/images/double-room-320.webp"), "width": 320 }],
        "width": 640, "height": 480, "alt": { "en": "Room \"deluxe\" <b>bold</b>" }
    });
    let images = config["properties"][0]["images"].as_array_mut().unwrap();
    images.insert(0, foreign);
    images.push(breaking);
    images.push(escaped);
    config["imageOrigins"] = json!([origin, "*", "'unsafe-inline'", "https://cdn.example/photos/"]);
}

#[tokio::test]
async fn a_photo_from_an_origin_the_tenant_does_not_name_never_reaches_a_page() {
    let app = TestApp::builder()
        .tenant_config(|demo| crate::common::edited_tenant_config(demo.to_owned(), hostile_photos))
        .spawn()
        .await;
    let guest = app.guest();
    let res = guest.get("aurora.localhost", &format!("/properties/aurora-lisbon?{}", stay())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = header(&res, "content-security-policy");
    let html = res.text().await.unwrap();
    assert!(!html.contains("tracker.example"), "the foreign photo is left out");
    assert!(
        !html.contains("<script>alert"),
        "a URL that would break out of its attribute is only ever percent-encoded"
    );
    assert!(!html.contains("<b>bold</b>"), "alt text is escaped");
    assert!(html.contains("Room &quot;deluxe&quot; &lt;b&gt;bold&lt;/b&gt;") || html.contains("Room &#34;deluxe&#34;"));
    let imgs = img_tags(&html);
    assert_eq!(imgs[0]["loading"], "eager", "the first photo shown is the first allowed one");
    assert!(imgs[0]["src"].starts_with(&app.demo_url));
    assert!(csp.contains(&format!("img-src 'self' data: {};", app.demo_url)), "only the bare origin: {csp}");
    assert!(!csp.contains('*') && !csp.contains("cdn.example") && !csp.contains("'unsafe-inline'"), "{csp}");
    let body: Value = guest
        .get_json("aurora.localhost", &format!("/properties/aurora-lisbon?{}", stay()))
        .await
        .json()
        .await
        .unwrap();
    let urls: Vec<&str> = body["images"].as_array().unwrap().iter().map(|i| i["src"].as_str().unwrap()).collect();
    assert!(urls.iter().all(|u| u.starts_with(&app.demo_url)), "JSON leaves it out too: {urls:?}");
}

#[tokio::test]
async fn search_results_show_each_propertys_main_photo_the_first_one_eagerly() {
    let app = TestApp::spawn().await;
    let guest = app.guest();
    for host in HOSTS {
        let html = page(&guest, host, &format!("/search?{}", stay())).await;
        let photos: Vec<_> =
            img_tags(&html).into_iter().filter(|i| i.get("class").is_some_and(|c| c == "result-photo")).collect();
        assert_eq!(photos.len(), 2, "{host}: one photo per hotel");
        assert_eq!(photos[0]["loading"], "eager");
        assert_eq!(photos[1]["loading"], "lazy");
        assert!(photos.iter().all(|p| p.contains_key("width") && p.contains_key("height") && p.contains_key("srcset")));
    }
    // The landing page (no search yet) shows none: its weight budget is before images.
    let landing = page(&guest, "aurora.localhost", "/").await;
    assert!(img_tags(&landing).is_empty());
}
