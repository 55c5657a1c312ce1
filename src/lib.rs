//! The wct-pos app.
