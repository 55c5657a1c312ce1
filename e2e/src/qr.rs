//! Reads a QR code back from the SVG the app rendered, host-side: rasterise with `resvg`, decode
//! with `rqrr` — what a customer's phone camera would do.

use crate::{Error, Result};

/// Decodes the single QR code drawn by `svg` (the outer HTML of an `<svg>` element).
pub fn decode_svg(svg: &str) -> Result<String> {
    let svg = with_namespace(svg);
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())
        .map_err(|e| Error::Qr(format!("not a renderable SVG: {e}")))?;
    let size = tree.size();
    // Aim for about 6 px per module whatever size the app drew it at.
    let scale = (600.0 / size.width().max(size.height())).max(1.0);
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| Error::Qr(format!("cannot rasterise at {w}×{h}")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        let i = (y * w as usize + x) * 4;
        // Transparent counts as white, like paper.
        if pixels[i + 3] == 0 {
            255
        } else {
            pixels[i]
        }
    });
    let grids = img.detect_grids();
    match grids.as_slice() {
        [one] => one
            .decode()
            .map(|(_, text)| text)
            .map_err(|e| Error::Qr(format!("found a QR code but cannot decode it: {e}"))),
        other => Err(Error::Qr(format!(
            "expected exactly one QR code, found {}",
            other.len()
        ))),
    }
}

/// An inline `<svg>` taken from HTML may lack the XML namespace a standalone SVG needs.
fn with_namespace(svg: &str) -> String {
    if svg.contains("xmlns=") {
        svg.to_string()
    } else {
        svg.replacen("<svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"", 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_shared_qr_svg() {
        let uri = "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq?amount=0.00052632";
        let svg = wct_api::qr::qr_svg(uri, "Pay").unwrap();
        assert_eq!(decode_svg(&svg).unwrap(), uri);
        // As the browser serialises an inline SVG: no namespace declaration.
        let inline = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert_eq!(decode_svg(&inline).unwrap(), uri);
    }

    #[test]
    fn no_qr_is_an_error() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#fff"/></svg>"##;
        assert!(decode_svg(svg).is_err());
    }
}
