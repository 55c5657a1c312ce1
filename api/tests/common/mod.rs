//! Helpers shared by the QR tests.

/// Renders `svg` with a real SVG renderer and reads the one QR code in it back with a real
/// decoder: what a phone camera would get.
pub fn decode_svg(svg: &str) -> String {
    let tree =
        resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("valid SVG");
    let size = tree.size().to_int_size();
    // Render at 6 px per module so the decoder sees clean edges.
    let scale = 6.0;
    let (w, h) = (
        (size.width() as f32 * scale) as u32,
        (size.height() as f32 * scale) as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h).expect("pixmap");
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap.data().to_vec();
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
    assert_eq!(grids.len(), 1, "exactly one QR code in the SVG");
    grids[0].decode().expect("decodes").1
}
