//! Photos in a real browser, for both tenants, with and without JavaScript,
//! under axe: every photo of the property page and of the search results
//! actually loads from the tenant's image origin (the CSP lets it), each box is
//! reserved before its photo arrives (no layout shift), and the gallery works
//! by keyboard alone: Tab to a thumbnail, Enter, and its photo is the target,
//! scrolled into view in the strip. The same session then reads the page in
//! the other three languages: each photo described in it, boxes reserved, axe.

use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::common::day;
use crate::harness::{AURORA, Browser, KESTREL, Options};

fn property_of(host: &str) -> &'static str {
    if host == AURORA { "aurora-lisbon" } else { "kestrel-skye" }
}

/// Every image's box as laid out now: its rendered size against the aspect
/// ratio of its `width`/`height` attributes, and whether it has loaded.
const BOXES: &str = r#"
return [...document.images].map((img, i) => {
  const r = img.getBoundingClientRect();
  return { i, src: img.currentSrc || img.src, w: r.width, h: r.height,
           attrW: +img.getAttribute('width'), attrH: +img.getAttribute('height'),
           loaded: img.complete && img.naturalWidth > 0 };
});
"#;

/// Asserts every image on the page has its intrinsic size in the markup and a
/// laid-out box of that aspect ratio, loaded or not: nothing moves when it arrives.
async fn boxes_are_reserved(b: &Browser, at: &str) -> usize {
    let boxes = b.js(BOXES, vec![]).await;
    let boxes = boxes.as_array().unwrap();
    for img in boxes {
        let (w, h) = (img["w"].as_f64().unwrap(), img["h"].as_f64().unwrap());
        let (aw, ah) = (img["attrW"].as_f64().unwrap(), img["attrH"].as_f64().unwrap());
        assert!(aw > 0.0 && ah > 0.0, "{at}: width and height in the markup: {img}");
        assert!(w > 0.0 && (h - w * ah / aw).abs() < 1.5, "{at}: the box keeps the photo's aspect ratio: {img}");
    }
    boxes.len()
}

/// Scrolls each image into view in turn and waits until it has loaded (lazy
/// ones load once near the viewport).
async fn every_image_loads(b: &Browser, count: usize, origin: &str) {
    for i in 0..count {
        b.js(
            "document.images[arguments[0]].scrollIntoView({block: 'center', inline: 'center'}); return null;",
            vec![json!(i)],
        )
        .await;
        b.wait_js(&format!("document.images[{i}].complete && document.images[{i}].naturalWidth > 0")).await;
        let src = b.js("return document.images[arguments[0]].currentSrc;", vec![json!(i)]).await;
        assert!(src.as_str().unwrap().starts_with(origin), "image {i} from the tenant's image origin: {src}");
    }
    b.js("window.scrollTo(0, 0); return null;", vec![]).await;
}

/// Total layout shift the page has seen (Chromium's Layout Instability API).
const LAYOUT_SHIFT: &str = r#"
const done = arguments[arguments.length - 1];
let total = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) { if (!e.hadRecentInput) total += e.value; }
}).observe({ type: 'layout-shift', buffered: true });
setTimeout(() => done(total), 200);
"#;

const FIRST_LOADED: &str =
    "document.images.length > 0 && document.images[0].complete && document.images[0].naturalWidth > 0";

async fn gallery_by_keyboard(test: &str, host: &'static str, options: Options) {
    let property = property_of(host);
    let mut b = Browser::start(test, host, options).await;
    let origin = b.app.demo_url.clone();
    let page = format!("/properties/{property}?checkin={}&checkout={}&adults=2", day(3), day(5));
    b.goto(&format!("{page}&lang=en")).await;
    b.wait_js(FIRST_LOADED).await;
    b.step("property").await;
    let first =
        b.js("return document.images[0].closest('.gallery-photo') && document.images[0].loading;", vec![]).await;
    assert_eq!(first, "eager", "the first image is the gallery's main photo, loaded at once");
    let count = boxes_are_reserved(&b, "before scrolling").await;
    assert!(count >= 4, "gallery, thumbnails and rooms' photos: {count}");

    // Tab until a thumbnail has the focus: the second photo's.
    let mut stops = 0;
    while b.js("return document.activeElement.getAttribute('href');", vec![]).await != "#photo-2" {
        b.press(Key::Tab).await;
        stops += 1;
        assert!(stops < 60, "Tab never reached the second photo's thumbnail");
    }
    let outline = b.js("return getComputedStyle(document.activeElement).outlineStyle;", vec![]).await;
    assert_ne!(outline, "none", "the thumbnail's focus is visible");
    b.step("thumbnail-focused").await;

    b.press(Key::Enter).await;
    b.wait_js("location.hash === '#photo-2' && document.querySelector('#photo-2:target')").await;
    // The strip scrolled to the photo: it is wholly inside the strip, on screen.
    b.wait_js(
        "(() => { const s = document.querySelector('.gallery-photos').getBoundingClientRect(); \
         const p = document.querySelector('#photo-2').getBoundingClientRect(); \
         return p.left >= s.left - 2 && p.right <= s.right + 2 && p.top < innerHeight && p.bottom > 0; })()",
    )
    .await;
    b.wait_js(
        "document.querySelector('#photo-2 img').complete && document.querySelector('#photo-2 img').naturalWidth > 0",
    )
    .await;
    b.step("photo-2").await;

    every_image_loads(&b, count, &origin).await;
    boxes_are_reserved(&b, "all loaded").await;
    if options.javascript {
        let shift = b.client.execute_async(LAYOUT_SHIFT, vec![]).await.unwrap();
        assert_eq!(shift.as_f64(), Some(0.0), "no layout shift on the property page");
    }

    // The other languages, in the same session: the main photo's text alternative in each.
    let mut alts = vec![b.js("return document.images[0].alt;", vec![]).await];
    for lang in ["fr", "de", "pt"] {
        b.goto(&format!("{page}&lang={lang}")).await;
        b.wait_js(FIRST_LOADED).await;
        assert_eq!(b.js("return document.documentElement.lang;", vec![]).await, lang);
        boxes_are_reserved(&b, lang).await;
        alts.push(b.js("return document.images[0].alt;", vec![]).await);
        b.step(&format!("{lang}-property")).await;
    }
    let distinct: std::collections::BTreeSet<String> =
        alts.iter().map(|a| a.as_str().unwrap_or_default().to_owned()).filter(|a| !a.is_empty()).collect();
    assert_eq!(distinct.len(), 4, "the photo is described in each language: {alts:?}");

    // The search results: each hotel's main photo, the first at once.
    b.goto(&format!("/search?checkin={}&checkout={}&adults=2", day(3), day(5))).await;
    b.wait_js("document.querySelectorAll('img.result-photo').length === 2").await;
    let count = boxes_are_reserved(&b, "search").await;
    every_image_loads(&b, count, &origin).await;
    b.step("search").await;
    let alts: Value = b.js("return [...document.querySelectorAll('img.result-photo')].map(i => i.alt);", vec![]).await;
    assert!(alts.as_array().unwrap().iter().all(|a| !a.as_str().unwrap().is_empty()), "{alts}");
    b.finish().await;
}

#[tokio::test]
async fn aurora_gallery_by_keyboard_with_javascript() {
    gallery_by_keyboard("aurora_gallery_by_keyboard_with_javascript", AURORA, Options::js()).await;
}

#[tokio::test]
async fn aurora_gallery_by_keyboard_without_javascript() {
    gallery_by_keyboard("aurora_gallery_by_keyboard_without_javascript", AURORA, Options::no_js()).await;
}

#[tokio::test]
async fn kestrel_gallery_by_keyboard_with_javascript() {
    gallery_by_keyboard("kestrel_gallery_by_keyboard_with_javascript", KESTREL, Options::js()).await;
}

#[tokio::test]
async fn kestrel_gallery_by_keyboard_without_javascript() {
    gallery_by_keyboard("kestrel_gallery_by_keyboard_without_javascript", KESTREL, Options::no_js()).await;
}

#[tokio::test]
async fn kestrel_gallery_on_a_phone() {
    gallery_by_keyboard("kestrel_gallery_on_a_phone", KESTREL, Options::mobile()).await;
}
