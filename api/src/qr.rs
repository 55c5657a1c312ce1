//! The payment QR as SVG: one path of dark modules on a white square with a 4-module quiet
//! zone, a viewBox and `crispEdges`, so it stays sharp at any size and prints well.

use qrcode::{Color, EcLevel, QrCode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this text is too long for a QR code")]
pub struct QrError;

/// Modules of quiet zone around the code, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// The dark/light module matrix (without the quiet zone), row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` at error-correction level M (survives smudges without growing much).
    pub fn encode(text: &str) -> Result<Self, QrError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| QrError)?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The SVG markup; `label` becomes its accessible name.
    pub fn to_svg(&self, label: &str) -> String {
        let size = self.width + 2 * QUIET_ZONE;
        let mut path = String::with_capacity(self.width * self.width * 4);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                // One horizontal run per rectangle keeps the path short.
                path.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE,
                    x - start,
                    x - start
                ));
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
            crate::html::escape(label)
        )
    }
}

/// Renders `text` as a QR code SVG.
pub fn qr_svg(text: &str, label: &str) -> Result<String, QrError> {
    Ok(QrMatrix::encode(text)?.to_svg(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_quiet_zone_and_viewbox() {
        let m = QrMatrix::encode("bitcoin:bc1qexample?amount=0.001").unwrap();
        let svg = m.to_svg("Pay \"me\"");
        let size = m.width + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(svg.contains("aria-label=\"Pay &quot;me&quot;\""));
        // The top-left finder pattern starts right after the quiet zone.
        assert!(svg.contains("M4 4h7v1h-7z"));
    }

    #[test]
    fn too_long_is_an_error() {
        assert_eq!(QrMatrix::encode(&"x".repeat(5000)), Err(QrError));
    }
}
