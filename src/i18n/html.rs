//! Catalog text for HTML: the two escapings the templates use, written
//! straight into the page rather than through a `String` per message.

use std::borrow::Cow;
use std::fmt::{self, Write};

/// Escapes what could end an element or a double-quoted attribute (`&`, `<`,
/// `>`, `"`) and leaves apostrophes as they are, so `didn't` stays `didn't`
/// in the page's source. Never for single-quoted attributes.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let _ = write_text(&mut out, value);
    out
}

/// [`escape_text`] into `dest`: the runs between the four characters are
/// written whole.
pub fn write_text(dest: &mut (impl Write + ?Sized), value: &str) -> fmt::Result {
    let mut start = 0;
    for (i, b) in value.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        dest.write_str(&value[start..i])?;
        dest.write_str(entity)?;
        start = i + 1;
    }
    dest.write_str(&value[start..])
}

/// The text of a `Display` value escaped as [`escape_text`] does, while it is
/// written: what the templates' `text` filter returns.
pub struct EscapedText<T>(pub T);

impl<T: fmt::Display> fmt::Display for EscapedText<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(Escaping(f), "{}", self.0)
    }
}

impl<T: fmt::Display> askama::FastWritable for EscapedText<T> {
    fn write_into(&self, dest: &mut dyn Write, _: &dyn askama::Values) -> askama::Result<()> {
        write!(Escaping(dest), "{}", self.0)?;
        Ok(())
    }
}

struct Escaping<W>(W);

impl<W: Write> Write for Escaping<W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write_text(&mut self.0, s)
    }
}

/// A message as the templates write it: already escaped, so askama copies it.
pub type Html<'a> = askama::filters::Safe<Cow<'a, str>>;

/// A message without arguments in both escaped forms, made once at load.
#[derive(Debug)]
pub(super) struct Simple {
    pub text: Box<str>,
    /// Escaped as [`escape_text`] (`{{ t.text("key") }}`).
    pub text_html: Box<str>,
    /// Escaped as askama escapes a `{{ value }}` (`'` too; `{{ t.html("key") }}`).
    pub html: Box<str>,
}

impl Simple {
    pub fn new(text: String) -> Self {
        let html = askama::filters::escape(&text, askama::filters::Html).map(|s| s.to_string()).unwrap_or_default();
        Self { text_html: escape_text(&text).into(), html: html.into(), text: text.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_but_not_apostrophes() {
        let out = escape_text("<b>Ada</b> & \"Bob\" didn't");
        assert_eq!(out, "&lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Bob&quot; didn't");
        assert_eq!(EscapedText("é<ü>&").to_string(), "é&lt;ü&gt;&amp;");
        assert_eq!(escape_text(""), "");
    }

    /// The escaping as it was written before (char by char into a new
    /// `String`), for the property below.
    fn escape_text_by_chars(value: &str) -> String {
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn runs_escape_as_chars_did(value in "(\\PC|[&<>\"'])*") {
            proptest::prop_assert_eq!(escape_text(&value), escape_text_by_chars(&value));
            proptest::prop_assert_eq!(EscapedText(&value).to_string(), escape_text_by_chars(&value));
        }
    }

    /// Every catalog string's forms are what escaping it on every page gave.
    #[test]
    fn simple_messages_are_escaped_as_the_filters_escape_them() {
        let simple = Simple::new("It's <b>\"Ada\"</b> & co".into());
        assert_eq!(&*simple.text_html, "It's &lt;b&gt;&quot;Ada&quot;&lt;/b&gt; &amp; co");
        assert_eq!(&*simple.html, "It&#39;s &#60;b&#62;&#34;Ada&#34;&#60;/b&#62; &#38; co");
    }
}
