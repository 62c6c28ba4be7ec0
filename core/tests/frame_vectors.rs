//! The shared frame-metric vectors (tests/vectors/frame_metrics.json), checked against the core,
//! with every plane also laid out with padded strides full of sentinels.

mod common;

use common::{build, close, vectors, with_stride};
use reelscore::color::{self, LumaMatrix};
use reelscore::metrics::{self, ms_ssim::MsSsimConvention};
use reelscore::{Plane, PlaneMut, RgbImage};
use serde_json::Value;

fn tol(doc: &Value) -> (f64, f64) {
    (
        doc["tolerances"]["default_rel"].as_f64().unwrap(),
        doc["tolerances"]["default_abs"].as_f64().unwrap(),
    )
}

fn check(name: &str, metric: &str, got: f64, want: &Value, t: (f64, f64)) {
    let want = want.as_f64().unwrap_or(f64::INFINITY);
    assert!(
        close(got, want, t.0, t.1),
        "{name}: {metric} got {got}, want {want}"
    );
}

enum Pair<'a> {
    U8(Plane<'a, u8>, Plane<'a, u8>),
    U16(Plane<'a, u16>, Plane<'a, u16>),
}

fn eval(name: &str, pair: Pair<'_>, case: &Value, t: (f64, f64)) {
    let fr = &case["full_reference"];
    let nr = &case["no_reference"];
    macro_rules! run {
        ($a:expr, $b:expr) => {{
            let (a, b) = ($a, $b);
            check(
                name,
                "mse",
                metrics::mse::mse(&a, &b).unwrap(),
                &fr["mse"],
                t,
            );
            check(
                name,
                "psnr",
                metrics::mse::psnr(&a, &b).unwrap(),
                &fr["psnr"],
                t,
            );
            if let Some(want) = fr.get("ssim") {
                check(name, "ssim", metrics::ssim::ssim(&a, &b).unwrap(), want, t);
            } else {
                assert!(
                    metrics::ssim::ssim(&a, &b).is_err(),
                    "{name}: ssim must refuse"
                );
            }
            if let Some(want) = fr.get("ms_ssim") {
                let mut scratch =
                    vec![0f32; metrics::ms_ssim::ms_ssim_scratch_len(a.width(), a.height())];
                let std =
                    metrics::ms_ssim::ms_ssim(&a, &b, MsSsimConvention::Standard, &mut scratch);
                check(name, "ms_ssim", std.unwrap(), want, t);
                let skv =
                    metrics::ms_ssim::ms_ssim(&a, &b, MsSsimConvention::Skvideo, &mut scratch);
                check(
                    name,
                    "ms_ssim_skvideo",
                    skv.unwrap(),
                    &fr["ms_ssim_skvideo"],
                    t,
                );
            }
            let s = metrics::frame_stats(&a).unwrap();
            for (k, v) in [
                ("sharpness", s.sharpness),
                ("tenengrad", s.tenengrad),
                ("mean", s.mean),
                ("p10", s.p10),
                ("p90", s.p90),
                ("rms_contrast", s.rms_contrast),
                ("noise_sigma", s.noise_sigma),
                ("blockiness", s.blockiness),
            ] {
                check(name, k, v, &nr[k], t);
            }
            for (k, v) in [
                ("black_fraction", s.black_fraction),
                ("white_fraction", s.white_fraction),
                ("entropy", s.entropy),
            ] {
                if let Some(want) = nr.get(k) {
                    check(name, k, v, want, t);
                }
            }
        }};
    }
    match pair {
        Pair::U8(a, b) => run!(a, b),
        Pair::U16(a, b) => run!(a, b),
    }
}

#[test]
fn frame_metric_vectors() {
    let doc = vectors("frame_metrics.json");
    let t = tol(&doc);
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let bits = case["bits"].as_u64().unwrap() as u32;
        let (w, h, _, a) = build(&case["a"]);
        let (_, _, _, b) = build(&case["b"]);
        for pad in [0usize, 3, 17] {
            let label = format!("{name} (pad {pad})");
            if bits == 8 {
                let a8: Vec<u8> = a.iter().map(|&v| v as u8).collect();
                let b8: Vec<u8> = b.iter().map(|&v| v as u8).collect();
                let (pa, stride) = with_stride(&a8, w, pad, 0xAB);
                let (pb, _) = with_stride(&b8, w, pad, 0x11);
                let pair = Pair::U8(
                    Plane::new(&pa, w, h, stride).unwrap(),
                    Plane::new(&pb, w, h, stride).unwrap(),
                );
                eval(&label, pair, case, t);
            } else {
                let (pa, stride) = with_stride(&a, w, pad, 0);
                let (pb, _) = with_stride(&b, w, pad, 0);
                let pair = Pair::U16(
                    Plane::new_u16(&pa, w, h, stride, bits).unwrap(),
                    Plane::new_u16(&pb, w, h, stride, bits).unwrap(),
                );
                eval(&label, pair, case, t);
            }
        }
    }
}

#[test]
fn rgb_vectors() {
    let doc = vectors("frame_metrics.json");
    let t = tol(&doc);
    for case in doc["rgb_cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let (w, h, _, px) = build(&case["rgb"]);
        let bytes: Vec<u8> = px.iter().map(|&v| v as u8).collect();
        let (padded, stride) = with_stride(&bytes, 3 * w, 5, 0xEE);
        let img = RgbImage::new(&padded, w, h, stride).unwrap();
        check(
            name,
            "colorfulness",
            metrics::colorfulness::colorfulness(&img),
            &case["colorfulness"],
            t,
        );
        for (key, m) in [
            ("luma_bt601", LumaMatrix::Bt601),
            ("luma_bt709", LumaMatrix::Bt709),
        ] {
            let mut out = vec![0u8; w * h];
            color::rgb_to_luma(&img, m, &mut PlaneMut::new(&mut out, w, h, w).unwrap()).unwrap();
            let want: Vec<u8> = case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as u8)
                .collect();
            assert_eq!(out, want, "{name} {key}");
        }
    }
}

#[test]
fn limited_range_matches_swscale() {
    let doc = vectors("frame_metrics.json");
    let lut: Vec<u8> = doc["limited_to_full_lut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as u8)
        .collect();
    let src: Vec<u8> = (0..=255).collect();
    let mut out = vec![0u8; 256];
    color::expand_limited_range(
        &Plane::packed(&src, 16, 16).unwrap(),
        &mut PlaneMut::new(&mut out, 16, 16, 16).unwrap(),
    )
    .unwrap();
    assert_eq!(out, lut);
}

#[test]
fn constants_match_the_vector_file() {
    let doc = vectors("frame_metrics.json");
    let c = &doc["constants"];
    assert_eq!(c["SSIM_K1"].as_f64().unwrap(), metrics::ssim::SSIM_K1);
    assert_eq!(c["SSIM_K2"].as_f64().unwrap(), metrics::ssim::SSIM_K2);
    assert_eq!(c["SSIM_SIGMA"].as_f64().unwrap(), metrics::ssim::SSIM_SIGMA);
    assert_eq!(
        c["SSIM_WINDOW"].as_u64().unwrap() as usize,
        metrics::ssim::SSIM_WINDOW
    );
    assert_eq!(
        c["PSNR_CAP_8BIT"].as_f64().unwrap(),
        metrics::mse::PSNR_CAP_8BIT
    );
    let w: Vec<f64> = c["MS_SSIM_WEIGHTS"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(w, metrics::ms_ssim::MS_SSIM_WEIGHTS);
}
