//! The shared audio vectors (tests/vectors/audio.json): loudness against pyloudnorm and FFmpeg's
//! `ebur128`, true peak against FFmpeg, YIN against the paper's algorithm at the input rate.
//! Recipes are rebuilt here exactly as tests/audio_recipes.py describes them.

mod common;

use common::{SplitMix64, vectors};
use reelscore::audio::{self, AudioConfig, AudioScorer, config};
use serde_json::Value;
use std::f64::consts::PI;

fn segment(s: &Value, rate: f64) -> Vec<f64> {
    let f = |k: &str| s[k].as_f64().unwrap();
    let n = (f("seconds") * rate + 0.5).floor() as usize;
    let amps = || -> Vec<f64> {
        s["amps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_f64().unwrap())
            .collect()
    };
    match s["kind"].as_str().unwrap() {
        "sine" => {
            let phase = s.get("phase").and_then(Value::as_f64).unwrap_or(0.0);
            let fade = s
                .get("fade")
                .and_then(Value::as_f64)
                .map(|d| (d * rate + 0.5).floor() as usize);
            (0..n)
                .map(|i| {
                    let x = f("amp") * (2.0 * PI * f("freq") * i as f64 / rate + phase).sin();
                    let m = i.min(n - 1 - i);
                    match fade {
                        Some(ff) if m < ff => x * 0.5 * (1.0 - (PI * m as f64 / ff as f64).cos()),
                        _ => x,
                    }
                })
                .collect()
        }
        "harmonic" => (0..n)
            .map(|i| {
                amps()
                    .iter()
                    .enumerate()
                    .map(|(k, a)| {
                        a * (2.0 * PI * (k + 1) as f64 * f("freq") * i as f64 / rate).sin()
                    })
                    .sum()
            })
            .collect(),
        "vibrato" => {
            let a = amps();
            let mut acc = 0.0;
            (0..n)
                .map(|i| {
                    let f0 = f("freq")
                        * (f("depth") / 12.0 * (2.0 * PI * f("rate_hz") * i as f64 / rate).sin())
                            .exp2();
                    let phi = acc;
                    acc += 2.0 * PI * f0 / rate;
                    a.iter()
                        .enumerate()
                        .map(|(k, a)| a * ((k + 1) as f64 * phi).sin())
                        .sum()
                })
                .collect()
        }
        "sweep" => (0..n)
            .map(|i| {
                let t = i as f64 / rate;
                let (f0, f1, d) = (f("f0"), f("f1"), f("seconds"));
                f("amp") * (2.0 * PI * (f0 * t + (f1 - f0) * t * t / (2.0 * d))).sin()
            })
            .collect(),
        "noise" => {
            let mut rng = SplitMix64(s["seed"].as_u64().unwrap());
            (0..n)
                .map(|_| f("amp") * (2.0 * ((rng.next() >> 11) as f64 * 2f64.powi(-53)) - 1.0))
                .collect()
        }
        "silence" => vec![0.0; n],
        k => panic!("unknown segment {k}"),
    }
}

/// Interleaved samples of a recipe.
enum Pcm {
    /// `"f32"` recipes.
    F32(Vec<f32>),
    /// `"i16"` recipes.
    I16(Vec<i16>),
}

fn build(r: &Value) -> (u32, u32, Pcm) {
    let rate = r["rate"].as_u64().unwrap() as u32;
    let chans: Vec<Vec<f64>> = r["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ch| {
            ch.as_array()
                .unwrap()
                .iter()
                .flat_map(|s| segment(s, f64::from(rate)))
                .collect()
        })
        .collect();
    let n = chans[0].len();
    let inter = (0..n).flat_map(|i| chans.iter().map(move |c| c[i]));
    let pcm = if r["format"] == "f32" {
        Pcm::F32(inter.map(|x| x as f32).collect())
    } else {
        Pcm::I16(
            inter
                .map(|x| (x * 32768.0 + 0.5).floor().clamp(-32768.0, 32767.0) as i16)
                .collect(),
        )
    };
    (rate, chans.len() as u32, pcm)
}

fn within(name: &str, what: &str, got: f64, want: &Value, tol: f64) -> Option<f64> {
    let want = want.as_f64()?;
    let d = got - want;
    println!("{name:>24} {what:<22} got {got:>10.4} want {want:>10.4} delta {d:>+8.4}");
    assert!(
        d.abs() <= tol,
        "{name}: {what} got {got}, want {want} ± {tol}"
    );
    Some(d)
}

#[test]
fn audio_vectors_match_the_oracles() {
    let doc = vectors("audio.json");
    let tol = &doc["tolerances"];
    let t = |k: &str| tol[k].as_f64().unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (rate, ch, pcm) = build(&case["recipe"]);
        let cfg = AudioConfig::new(rate, ch).unwrap();
        let mut s = Box::new(AudioScorer::new(cfg).unwrap());
        // Push in uneven blocks to exercise the streaming boundaries.
        match &pcm {
            Pcm::F32(x) => {
                for b in x.chunks(ch as usize * 1237) {
                    s.push_f32(b).unwrap();
                }
            }
            Pcm::I16(x) => {
                for b in x.chunks(ch as usize * 977) {
                    s.push_i16(b).unwrap();
                }
            }
        }
        let r = s.report();
        let m = r.metrics;
        let e = &case["expected"];
        let ff = &e["ffmpeg"];
        let pyln_tol = if f64::from(rate) >= t("pyloudnorm_full_bar_min_rate") {
            t("integrated_lu")
        } else {
            t("pyloudnorm_low_rate_lu")
        };
        within(
            name,
            "integrated/pyloudnorm",
            m.integrated_lufs,
            &e["pyloudnorm_integrated"],
            pyln_tol,
        );
        within(
            name,
            "integrated/ffmpeg",
            m.integrated_lufs,
            &ff["integrated"],
            t("integrated_lu"),
        );
        if case.get("skip_true_peak").is_none() {
            within(
                name,
                "true_peak/ffmpeg",
                m.true_peak_dbtp,
                &ff["true_peak_dbtp"],
                t("true_peak_db"),
            );
        }
        within(
            name,
            "momentary_max/ffmpeg",
            m.momentary_max_lufs,
            &ff["momentary_max"],
            t("momentary_lu"),
        );
        within(
            name,
            "short_term_max/ffmpeg",
            m.short_term_max_lufs,
            &ff["short_term_max"],
            t("momentary_lu"),
        );
        within(
            name,
            "sample_peak",
            m.sample_peak_dbfs,
            &e["sample_peak_dbfs"],
            t("sample_peak_db"),
        );
        if case["compare_lra"].as_bool() == Some(true) {
            within(
                name,
                "lra/ffmpeg",
                m.loudness_range_lu,
                &ff["lra"],
                t("lra_lu"),
            );
        }
        let y = &e["yin"];
        let f0 = y["median_f0"].as_f64().unwrap();
        if case["compare_pitch"].as_bool() == Some(true) {
            within(
                name,
                "f0_median/yin",
                m.f0_median_hz,
                &y["median_f0"],
                t("f0_rel") * f0,
            );
            within(
                name,
                "spread/yin",
                m.f0_spread_semitones,
                &y["spread_semitones"],
                t("spread_semitones_abs"),
            );
            within(
                name,
                "voiced/yin",
                m.voiced_fraction,
                &y["voiced_fraction"],
                t("voiced_fraction_abs"),
            );
        }
        let mut kinds: Vec<&str> = r.defects.iter().map(|d| d.kind.name()).collect();
        kinds.sort();
        kinds.dedup();
        let want: Vec<&str> = case["designed_defects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        println!("{name:>24} defects {kinds:?}");
        if std::env::var("AUDIO_VECTORS_LIST").is_err() {
            assert_eq!(kinds, want, "{name}: defects {:?}", r.defects);
        }
    }
}

#[test]
fn audio_constants_match_the_vectors() {
    let doc = vectors("audio.json");
    let c = &doc["constants"];
    let f = |k: &str| c[k].as_f64().unwrap();
    assert_eq!(f("ABSOLUTE_GATE_LUFS"), config::ABSOLUTE_GATE_LUFS);
    assert_eq!(f("RELATIVE_GATE_LU"), config::RELATIVE_GATE_LU);
    assert_eq!(f("LRA_RELATIVE_GATE_LU"), config::LRA_RELATIVE_GATE_LU);
    assert_eq!(f("LOUDNESS_OFFSET"), config::LOUDNESS_OFFSET);
    assert_eq!(f("YIN_THRESHOLD"), config::YIN_THRESHOLD);
    assert_eq!(f("YIN_FMIN"), config::YIN_FMIN);
    assert_eq!(f("YIN_FMAX"), config::YIN_FMAX);
    assert_eq!(f("YIN_WINDOW_SECONDS"), config::YIN_WINDOW_SECONDS);
    assert_eq!(f("YIN_HOP_SECONDS"), config::YIN_HOP_SECONDS);
    assert_eq!(f("DEFAULT_TARGET_LUFS"), config::DEFAULT_TARGET_LUFS);
    let w: Vec<f64> = c["CHANNEL_WEIGHTS_5_1"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(w, config::CHANNEL_WEIGHTS_5_1);
    let _ = audio::AudioDefectKind::ALL;
}
