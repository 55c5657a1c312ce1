//! "Paid" feedback: a beep and a buzz.

pub fn vibrate(ms: u32) {
    if let Some(nav) = super::navigator() {
        let _ = nav.vibrate_with_duration(ms);
    }
}

/// Two short rising tones: "paid".
pub fn beep() {
    let Ok(ctx) = web_sys::AudioContext::new() else {
        return;
    };
    let start = ctx.current_time();
    for (i, freq) in [880.0_f32, 1320.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.set_type(web_sys::OscillatorType::Sine);
        osc.frequency().set_value(freq);
        let at = start + 0.18 * i as f64;
        let _ = gain.gain().set_value_at_time(0.0001, at);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.3, at + 0.02);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.0001, at + 0.16);
        let _ = osc.connect_with_audio_node(&gain);
        let _ = gain.connect_with_audio_node(&ctx.destination());
        let _ = osc.start_with_when(at);
        let _ = osc.stop_with_when(at + 0.17);
    }
}
