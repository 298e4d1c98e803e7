//! Share links on the page: the scenario the page opens on (from `location.search` through
//! [`link::decode`], notices shown as text), the address kept in step with every edit (a debounced
//! `history.replaceState` whose errors are ignored), the "copy link" box, and the embed snippet.
//!
//! The pure part (page settings, queries, the snippet) builds natively and is tested here; the
//! browser part is wasm32 only. The engine does the scenario half of every link ([`link`]).
//!
//! [`link`]: crate::engine::link
//! [`link::decode`]: crate::engine::link::decode

use crate::engine::link;
use crate::engine::{FieldError, Scenario};
use crate::web::i18n::{self, tr, Lang};

/// Something the link held that was ignored, shown in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// From the engine's decoding of the scenario (English; range errors are rebuilt).
    Link(FieldError),
    /// A bad page setting: the catalogue key of its message.
    Page(&'static str),
}

impl Notice {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Notice::Link(e) => i18n::link_notice(lang, e),
            Notice::Page(key) => tr(lang, key).to_string(),
        }
    }
}

/// The page settings a link may carry besides the scenario (see [`link::PAGE_KEYS`]), validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageParams {
    /// `embed=1`: the compact card only.
    pub embed: bool,
    /// `theme=light|dark`: overrides the reader's colour scheme.
    pub theme: Option<&'static str>,
    /// `lang=en|zh`: the page's language.
    pub lang: Option<String>,
}

impl PageParams {
    /// Validates the page settings of a decoded link; bad values become notices.
    pub fn parse(pairs: &[(String, String)]) -> (PageParams, Vec<Notice>) {
        let mut p = PageParams::default();
        let mut notices = Vec::new();
        for (k, v) in pairs {
            match k.as_str() {
                "embed" => match v.as_str() {
                    "1" | "true" => p.embed = true,
                    "0" | "false" => {}
                    _ => notices.push(Notice::Page("share.bad_embed")),
                },
                // Read as the page reads them (src/web/theme.rs, src/web/i18n).
                "theme" => match super::theme::theme_from_param(v) {
                    Some(t) => p.theme = t.code(),
                    None => notices.push(Notice::Page("share.bad_theme")),
                },
                "lang" => match super::i18n::lang_from_param(v) {
                    Some(l) => p.lang = Some(l.code().to_string()),
                    None => notices.push(Notice::Page("share.bad_lang")),
                },
                _ => {}
            }
        }
        (p, notices)
    }

    /// The page settings as query pairs; `embed=1` only when asked for (and always last).
    fn pairs(&self, embed: bool) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(l) = &self.lang {
            out.push(("lang", l.clone()));
        }
        if let Some(t) = self.theme {
            out.push(("theme", t.to_string()));
        }
        if embed {
            out.push(("embed", "1".to_string()));
        }
        out
    }
}

/// The query (without `?`) of a scenario (and the pinned A of a comparison) with the page
/// settings kept: the share link's. With `example`, B's part names the opening example and
/// holds only what the reader changed from it.
pub fn query(
    s: &Scenario,
    a: Option<&Scenario>,
    page: &PageParams,
    embed: bool,
    example: bool,
) -> String {
    let mut q = link::encode_pair_on(s, a, example);
    let mut extra = form_urlencoded::Serializer::new(String::new());
    for (k, v) in page.pairs(embed) {
        extra.append_pair(k, &v);
    }
    let extra = extra.finish();
    if !extra.is_empty() {
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&extra);
    }
    q
}

/// The embed card's query from the share link's: the same settings with `embed=1` after them.
pub fn embed_query(share_query: &str) -> String {
    if share_query.is_empty() {
        "embed=1".to_string()
    } else {
        format!("{share_query}&embed=1")
    }
}

/// What the page opens on, from the query of its address.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub scenario: Scenario,
    /// The pinned scenario A, when the link holds a comparison.
    pub compare: Option<Scenario>,
    /// What the link held that was ignored (untrusted text: render as text).
    pub notices: Vec<Notice>,
    pub page: PageParams,
    /// The scenario is (or starts from) the opening example, whose choices the page labels.
    pub example: bool,
}

/// Reads the page's query: a link with scenario keys gives that scenario exactly (even if nothing
/// in it was valid); a query with page settings only, or none, gives `opening`.
pub fn start_from(search: &str, opening: Scenario) -> Start {
    let q = search.strip_prefix('?').unwrap_or(search);
    let d = link::decode(q);
    let (page, page_notices) = PageParams::parse(&d.page);
    let has_scenario_keys = form_urlencoded::parse(q.as_bytes())
        .any(|(k, _)| !k.is_empty() && !link::PAGE_KEYS.contains(&k.as_ref()));
    let (scenario, example) = if has_scenario_keys {
        (d.scenario, d.example)
    } else {
        (opening, true)
    };
    let notices = d
        .notices
        .into_iter()
        .map(Notice::Link)
        .chain(page_notices)
        .collect();
    Start {
        scenario,
        compare: d.compare,
        notices,
        page,
        example,
    }
}

/// Escapes text for an HTML attribute value or element content.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// What the scenario is called: its name, else its preset's, else "Custom model".
pub fn title_of(s: &Scenario, lang: Lang) -> String {
    if let Some(n) = s.name.as_deref().filter(|n| !n.trim().is_empty()) {
        return n.to_string();
    }
    s.model
        .preset
        .as_deref()
        .and_then(|id| crate::data::Catalog::get().preset(id))
        .map(|p| p.name.to_string())
        .unwrap_or_else(|| tr(lang, "share.custom_model").to_string())
}

/// The ready-to-paste embed: an iframe of `embed_url` and a tiny script that sizes it to the
/// height the card posts (`{type: "llm-footprint:height", height}`).
pub fn embed_snippet(embed_url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" width=\"100%\" height=\"420\" style=\"border:0\" title=\"llm-footprint: {}\" loading=\"lazy\"></iframe>\n\
<script>\n\
window.addEventListener(\"message\", function (e) {{\n\
  if (!e.data || e.data.type !== \"llm-footprint:height\" || typeof e.data.height !== \"number\") return;\n\
  document.querySelectorAll(\"iframe\").forEach(function (f) {{\n\
    if (f.contentWindow === e.source) f.height = String(Math.ceil(e.data.height));\n\
  }});\n\
}});\n\
</script>",
        html_escape(embed_url),
        html_escape(title)
    )
}

#[cfg(target_arch = "wasm32")]
pub use browser::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::{embed_query, query, Notice, PageParams, Start};
    use crate::web::i18n::{tr, use_lang};
    use crate::web::ui::Ui;
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::{JsCast, JsValue};

    /// How long the address waits for typing to pause before it is rewritten.
    const ADDRESS_DEBOUNCE: Duration = Duration::from_millis(300);

    fn location() -> Option<web_sys::Location> {
        web_sys::window().map(|w| w.location())
    }

    /// What the page opens on, from `location.search`.
    pub fn start() -> Start {
        let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
        super::start_from(&search, crate::web::opening_scenario())
    }

    /// The page's address without query or fragment.
    fn base_url() -> String {
        let href = location().and_then(|l| l.href().ok()).unwrap_or_default();
        href.split(['?', '#']).next().unwrap_or("").to_string()
    }

    /// The share link of the current scenario and page settings, for what shows it: the
    /// address, the share box, the embed snippet. It is worked out one animation frame after a
    /// change (several changes in one frame, once), so an edit's frame is spent on its results;
    /// what acts on a click asks for [`Link::now`] instead, which is never a frame behind.
    #[derive(Clone, Copy)]
    pub struct Link {
        shown: RwSignal<String>,
        ui: Ui,
        page: RwSignal<PageParams>,
    }

    impl Link {
        pub fn follow(ui: Ui, page: RwSignal<PageParams>) -> Link {
            let link = Link {
                shown: RwSignal::new(String::new()),
                ui,
                page,
            };
            link.shown.set(link.now_query());
            let pending = StoredValue::new(false);
            Effect::new(move |_| {
                ui.scenario.track();
                ui.pair.track();
                ui.example.track();
                page.track();
                crate::web::ui::once_next_frame(pending, move || {
                    let next = link.now_query();
                    if link.shown.with_untracked(|old| *old != next) {
                        link.shown.set(next);
                    }
                });
            });
            link
        }

        fn now_query(self) -> String {
            self.ui.scenario.with_untracked(|s| {
                self.ui.pair.with_untracked(|pair| {
                    self.page.with_untracked(|p| {
                        query(
                            s,
                            pair.a.as_ref(),
                            p,
                            false,
                            self.ui.example.get_untracked(),
                        )
                    })
                })
            })
        }

        /// The share link's query, without `?` (reactive).
        pub fn query(self) -> String {
            self.shown.get()
        }

        /// The full link (reactive); with `embed`, the embed card's.
        pub fn url(self, embed: bool) -> String {
            full_url(self.shown.get(), embed)
        }

        /// The full link of the scenario as it is at this moment (not reactive).
        pub fn now(self, embed: bool) -> String {
            full_url(self.now_query(), embed)
        }
    }

    fn full_url(q: String, embed: bool) -> String {
        let q = if embed { embed_query(&q) } else { q };
        format!("{}?{q}", base_url())
    }

    /// Replaces the address's query; the browser may refuse (too many calls, a sandboxed iframe):
    /// then the address simply stays as it was.
    fn write_address(q: &str) {
        let Some(w) = web_sys::window() else { return };
        let loc = w.location();
        let search = format!("?{q}");
        if loc.search().ok().as_deref() == Some(search.as_str()) {
            return;
        }
        let path = loc.pathname().unwrap_or_default();
        let hash = loc.hash().unwrap_or_default();
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(
                &JsValue::NULL,
                "",
                Some(&format!("{path}{search}{hash}")),
            );
        }
    }

    /// Keeps the address in step with the scenario. Not on the first run when the page was
    /// opened without a query (a clean address stays clean until the reader edits).
    pub fn sync_address(link: Link) {
        let pending = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);
        let had_query = location()
            .and_then(|l| l.search().ok())
            .is_some_and(|s| s.len() > 1);
        Effect::new(move |prev: Option<()>| {
            let q = link.query();
            if prev.is_none() && !had_query {
                return;
            }
            if let Some(h) = pending.try_get_value().flatten() {
                h.clear();
            }
            let handle = set_timeout_with_handle(move || write_address(&q), ADDRESS_DEBOUNCE).ok();
            pending.try_set_value(handle);
        });
    }

    /// Writes `text` to the clipboard; `done(true)` when it worked, `done(false)` when the
    /// clipboard is missing or refused (headless browsers, insecure pages, no permission).
    pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
        let Some(w) = web_sys::window() else {
            return done(false);
        };
        let nav = w.navigator();
        let has_clipboard = js_sys::Reflect::get(&nav, &JsValue::from_str("clipboard"))
            .map(|c| !c.is_undefined() && !c.is_null())
            .unwrap_or(false);
        if !has_clipboard {
            return done(false);
        }
        let promise = nav.clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
        });
    }

    /// Selects the text of a read-only input, for copying by hand.
    pub fn select_input(input: &web_sys::HtmlInputElement) {
        let _ = input.focus();
        input.select();
    }

    /// The box listing what the link held that was ignored; untrusted text, rendered as text.
    #[component]
    pub fn LinkNotices(notices: Vec<Notice>) -> impl IntoView {
        let lang = use_lang();
        let shown = RwSignal::new(!notices.is_empty());
        let items = notices
            .into_iter()
            .map(|n| view! { <li>{move || n.text(lang.get())}</li> })
            .collect_view();
        view! {
            <div class="link-notices" data-testid="link-notices" role="status" hidden=move || !shown.get()>
                <p class="link-notices-title">{move || tr(lang.get(), "share.ignored_from_link")}</p>
                <ul>{items}</ul>
                <button type="button" class="button-quiet" on:click=move |_| shown.set(false)>{move || tr(lang.get(), "share.dismiss")}</button>
            </div>
        }
    }

    /// The share box: the link of the current scenario and a button that copies it.
    #[component]
    pub fn SharePanel(ui: Ui, link: Link) -> impl IntoView {
        let input = NodeRef::<leptos::html::Input>::new();
        // The key of the copy message, so that it follows the language.
        let status = RwSignal::new(None::<&'static str>);
        let t = move |key: &'static str| ui.t(key);
        let url = move || link.url(false);
        let copy = move |_| {
            let Some(el) = input.get_untracked() else {
                return;
            };
            let link = link.now(false);
            copy_text(link, move |ok| {
                if ok {
                    let _ = status.try_set(Some("share.copied"));
                } else {
                    select_input(&el);
                    let _ = status.try_set(Some("share.copy_by_hand"));
                }
            });
        };
        view! {
            <section class="card share" id="share" tabindex="-1" aria-labelledby="share-title">
                <h3 id="share-title">{t("share.share_title")}</h3>
                <label class="share-label" for="share-url">{t("share.share_label")}</label>
                <div class="share-row">
                    <input id="share-url" class="share-url" type="text" readonly data-testid="share-url" node_ref=input prop:value=url
                        on:focus=move |ev| {
                            if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                el.select();
                            }
                        } />
                    <button type="button" class="button" data-testid="copy-link" on:click=copy>{t("share.copy_link")}</button>
                </div>
                <p class="small share-status" role="status" data-testid="copy-status">{move || status.get().map(|k| tr(ui.lang.get(), k))}</p>
                <p class="small">{t("share.share_hint")}</p>
                <crate::web::embed::EmbedDialog ui=ui link=link />
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opening() -> Scenario {
        crate::web::opening_scenario()
    }

    #[test]
    fn no_query_or_page_settings_only_open_the_opening_scenario() {
        assert_eq!(start_from("", opening()).scenario, opening());
        let s = start_from("?embed=1&theme=dark", opening());
        assert_eq!(s.scenario, opening());
        assert!(s.page.embed);
        assert_eq!(s.page.theme, Some("dark"));
        assert!(s.notices.is_empty());
    }

    #[test]
    fn the_example_with_one_change_shares_as_that_change_and_opens_as_it_was() {
        let start = start_from("", opening());
        assert!(start.example, "the opening page is the example");
        let mut sc = opening();
        sc.inference.region = Some("fr".into());
        let page = PageParams::default();
        let q = query(&sc, None, &page, false, true);
        assert_eq!(q, "v=1&ex=1&inference.region=fr");
        let back = start_from(&format!("?{q}"), Scenario::default());
        assert!(back.example && back.notices.is_empty());
        assert_eq!(back.scenario, sc);
        // Once the example is gone the link holds every value, as before.
        assert!(query(&sc, None, &page, false, false).contains("preset=llama-2-70b"));
        assert!(!start_from("?v=1&preset=gpt-3-175b", opening()).example);
    }

    #[test]
    fn a_link_reproduces_its_scenario_and_keeps_page_settings() {
        let mut sc = opening();
        sc.inference.batch = Some(32.0);
        sc.name = Some("a & b <c>".into());
        let page = PageParams {
            embed: false,
            theme: Some("light"),
            lang: Some("zh".into()),
        };
        let q = query(&sc, None, &page, false, false);
        let s = start_from(&format!("?{q}"), Scenario::default());
        assert_eq!(s.scenario, sc);
        assert_eq!(s.page, page);
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        let e = query(&sc, None, &page, true, false);
        assert!(e.ends_with("&embed=1"), "{e}");
        assert!(start_from(&format!("?{e}"), Scenario::default()).page.embed);
        // The page derives the embed link from the share link's query.
        assert_eq!(embed_query(&q), e);
        let bare = PageParams {
            embed: false,
            theme: None,
            lang: None,
        };
        let empty = Scenario::default();
        assert_eq!(
            embed_query(&query(&empty, None, &bare, false, false)),
            query(&empty, None, &bare, true, false)
        );
    }

    #[test]
    fn a_comparison_link_opens_on_both_and_keeps_page_settings() {
        let mut a = opening();
        a.inference.batch = Some(8.0);
        let b = opening();
        let page = PageParams {
            embed: false,
            theme: Some("dark"),
            lang: Some("zh".into()),
        };
        let q = query(&b, Some(&a), &page, false, false);
        let s = start_from(&format!("?{q}"), Scenario::default());
        assert_eq!((s.scenario, s.compare), (b.clone(), Some(a)));
        assert_eq!(s.page, page);
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        // A link of one scenario opens without a comparison, as before.
        let one = start_from(
            &format!("?{}", query(&b, None, &page, false, false)),
            opening(),
        );
        assert_eq!(one.compare, None);
    }

    #[test]
    fn hostile_links_give_notices_not_the_opening_scenario() {
        for q in [
            "?v=9",
            "?inference.batch=-1",
            "?v=1&inference.ba",
            "?preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
            "?theme=%3Cb%3E",
        ] {
            let s = start_from(q, opening());
            assert!(!s.notices.is_empty(), "{q}: no notice");
        }
    }

    #[test]
    fn the_snippet_escapes_the_address_and_the_title() {
        let s = embed_snippet("https://x.org/?v=1&embed=1", "<script>\"");
        assert!(s.contains("src=\"https://x.org/?v=1&amp;embed=1\""), "{s}");
        assert!(
            s.contains("title=\"llm-footprint: &lt;script&gt;&quot;\""),
            "{s}"
        );
        assert!(s.contains("llm-footprint:height"));
    }
}
