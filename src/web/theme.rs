//! The colour theme the reader chose: follow the system (`prefers-color-scheme`), or light or dark
//! whatever the system says. The choice is set as `<html data-theme="light|dark">` (absent for
//! auto), which style/main.css honours, and the charts redraw in it.
//!
//! For the share link (`share.rs`): the theme travels as `theme=light|dark` (nothing for auto),
//! read at start by [`initial_theme`]; write [`ThemePref::code`].

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThemePref {
    #[default]
    Auto,
    Light,
    Dark,
}

impl ThemePref {
    /// The value of `theme=` in the share link and of `data-theme`; `None` for auto.
    pub fn code(self) -> Option<&'static str> {
        match self {
            ThemePref::Auto => None,
            ThemePref::Light => Some("light"),
            ThemePref::Dark => Some("dark"),
        }
    }

    /// Whether charts are drawn dark, given whether the system asks for dark.
    pub fn is_dark(self, system_dark: bool) -> bool {
        match self {
            ThemePref::Auto => system_dark,
            ThemePref::Light => false,
            ThemePref::Dark => true,
        }
    }
}

/// The theme named by a share link's `theme=` value (`auto` included); `None` for anything else.
pub fn theme_from_param(v: &str) -> Option<ThemePref> {
    match v.trim().to_ascii_lowercase().as_str() {
        "auto" => Some(ThemePref::Auto),
        "light" => Some(ThemePref::Light),
        "dark" => Some(ThemePref::Dark),
        _ => None,
    }
}

/// The theme the page opens in: `theme=` in the address, else auto.
#[cfg(target_arch = "wasm32")]
pub fn initial_theme() -> ThemePref {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("theme"))
        .and_then(|v| theme_from_param(&v))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_from_the_link() {
        assert_eq!(theme_from_param("dark"), Some(ThemePref::Dark));
        assert_eq!(theme_from_param("Light"), Some(ThemePref::Light));
        assert_eq!(theme_from_param("blue"), None);
        assert!(ThemePref::Auto.is_dark(true));
        assert!(!ThemePref::Light.is_dark(true));
        assert_eq!(ThemePref::Dark.code(), Some("dark"));
    }
}
