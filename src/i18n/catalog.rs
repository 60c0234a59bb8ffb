//! The Fluent catalogs, compiled in from `locales/{locale}/{area}.ftl`.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Locale;

/// The catalog areas, one `.ftl` file per area and locale.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        /// `(locale, area, source)` of every catalog file.
        const SOURCES: &[(Locale, &str, &str)] = &[
            $((Locale::En, $area, include_str!(concat!("../../locales/en/", $area, ".ftl"))),)*
            $((Locale::Fr, $area, include_str!(concat!("../../locales/fr/", $area, ".ftl"))),)*
            $((Locale::De, $area, include_str!(concat!("../../locales/de/", $area, ".ftl"))),)*
            $((Locale::Pt, $area, include_str!(concat!("../../locales/pt/", $area, ".ftl"))),)*
        ];
    };
}

areas!("common", "search", "property", "draft", "confirmation", "errors", "account", "handoff", "fields");

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A number: selects plural forms (`$count`).
    Int(i64),
    Text(String),
}

/// A message the domain composes for a guest (a field error, a refusal),
/// rendered in the guest's language where it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn int(mut self, name: &'static str, value: i64) -> Self {
        self.args.push((name, Arg::Int(value)));
        self
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    /// The message in English, for logs and callers without a locale.
    pub fn english(&self) -> String {
        catalog().format(Locale::En, self.key, &self.args)
    }
}

impl From<&'static str> for Msg {
    fn from(key: &'static str) -> Self {
        Msg::new(key)
    }
}

pub struct Catalog {
    /// One bundle per locale, in [`Locale::ALL`] order.
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Messages without placeables, formatted once, per locale.
    simple: Vec<HashMap<String, String>>,
    /// The `$variables` of every message, per locale.
    variables: Vec<HashMap<String, BTreeSet<String>>>,
    /// Problems found loading the catalogs; empty when they are sound.
    errors: Vec<String>,
}

/// The catalogs, parsed on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::load);
    &CATALOG
}

fn index(locale: Locale) -> usize {
    Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)
}

impl Catalog {
    fn load() -> Self {
        let mut errors = Vec::new();
        let mut bundles = Vec::new();
        let mut simple = Vec::new();
        let mut variables = Vec::new();
        for locale in Locale::ALL {
            let langid = locale.as_str().parse().expect("the locale tags are valid");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Placeables land in HTML that is escaped anyway; isolation marks
            // would only show up as stray characters in text and e-mails.
            bundle.set_use_isolating(false);
            let mut vars = HashMap::new();
            for (_, area, source) in SOURCES.iter().filter(|(l, _, _)| *l == locale) {
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(r) => r,
                    Err((r, errs)) => {
                        errors.extend(errs.iter().map(|e| format!("{locale}/{area}.ftl: {e:?}")));
                        r
                    }
                };
                collect_variables(source, &mut vars);
                if let Err(errs) = bundle.add_resource(resource) {
                    errors.extend(errs.iter().map(|e| format!("{locale}/{area}.ftl: {e}")));
                }
            }
            let mut texts = HashMap::new();
            for (key, used) in &vars {
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else { continue };
                if !used.is_empty() {
                    continue;
                }
                let mut errs = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errs).into_owned();
                errors.extend(errs.iter().map(|e| format!("{locale}: {key}: {e}")));
                texts.insert(key.clone(), text);
            }
            bundles.push(bundle);
            simple.push(texts);
            variables.push(vars);
        }
        Self { bundles, simple, variables, errors }
    }

    /// A message without arguments; the key itself when it is missing.
    pub fn simple<'a>(&'static self, locale: Locale, key: &'a str) -> &'a str {
        match self.simple[index(locale)].get(key) {
            Some(text) => text,
            None => {
                tracing::warn!(locale = locale.as_str(), key, "missing or parameterised message used as simple");
                key
            }
        }
    }

    /// A message with arguments; the key itself when it is missing.
    pub fn format(&self, locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
        let bundle = &self.bundles[index(locale)];
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(locale = locale.as_str(), key, "missing message");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Int(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
            }
        }
        let mut errs = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errs).into_owned();
        if !errs.is_empty() {
            tracing::warn!(locale = locale.as_str(), key, "message formatted with errors");
        }
        text
    }

    /// Problems found loading the catalogs (syntax errors, duplicate keys).
    pub fn load_errors(&self) -> &[String] {
        &self.errors
    }

    /// Every message key of a locale.
    pub fn keys(&self, locale: Locale) -> BTreeSet<&str> {
        self.variables[index(locale)].keys().map(String::as_str).collect()
    }

    /// The `$variables` a message uses, for checking translations agree.
    pub fn variables(&self, locale: Locale, key: &str) -> Option<&BTreeSet<String>> {
        self.variables[index(locale)].get(key)
    }
}

/// Records every message of `source` with the variables its value uses.
fn collect_variables(source: &str, out: &mut HashMap<String, BTreeSet<String>>) {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                arguments.positional.iter().for_each(|a| inline(a, out));
                arguments.named.iter().for_each(|a| inline(&a.value, out));
            }
            _ => {}
        }
    }
    fn expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            Expression::Inline(i) => inline(i, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                variants.iter().for_each(|v| pattern(&v.value, out));
            }
        }
    }
    fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }

    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            let used = out.entry(m.id.name.to_owned()).or_default();
            if let Some(p) = &m.value {
                pattern(p, used);
            }
        }
    }
}
