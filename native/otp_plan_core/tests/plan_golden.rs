//! Golden files: the full PLANNING.md for four project shapes, with and without
//! a PRD, for each of the seed's three focus areas.
//!
//! Facts come from `tests/fixtures/facts/*.json` (the facts contract); goldens
//! live in `tests/golden/`. After an intended change, rewrite them with
//! `UPDATE_GOLDEN=1 cargo test -p otp_plan_core --test plan_golden` and review
//! the diff; `script/check-plans native/otp_plan_core/tests/golden` then checks
//! that every diagram renders and the Markdown lints clean.

mod plan_support;

use plan_support::{otp_app_prd, render, shop_claude, shop_prd};

const SEED_FOCUSES: [(&str, &str); 3] = [
    ("supervision", "OTP supervision tree"),
    ("liveview", "Phoenix LiveView architecture"),
    ("distributed", "distributed system"),
];

fn check_golden(name: &str, actual: &str) {
    let path = plan_support::root()
        .join("tests/golden")
        .join(format!("{name}.md"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{name} differs from {}; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

#[test]
fn every_project_for_every_seed_focus_without_a_prd() {
    for project in ["shop", "umbrella", "otp_app", "library"] {
        for (slug, focus) in SEED_FOCUSES {
            let rendered = render(project, None, None, Some(focus));
            assert!(
                rendered.notices.is_empty(),
                "{project}/{slug}: {:?}",
                rendered.notices
            );
            check_golden(&format!("{project}-{slug}"), &rendered.markdown);
        }
    }
}

#[test]
fn shop_with_its_prd_and_claude_md_for_every_seed_focus() {
    for (slug, focus) in SEED_FOCUSES {
        let rendered = render("shop", Some(shop_prd()), Some(shop_claude()), Some(focus));
        check_golden(&format!("shop-prd-{slug}"), &rendered.markdown);
    }
}

#[test]
fn shop_with_its_prd_stays_within_a_ten_minute_read() {
    for (_, focus) in SEED_FOCUSES {
        let rendered = render("shop", Some(shop_prd()), Some(shop_claude()), Some(focus));
        let lines = rendered.markdown.lines().count();
        assert!(lines <= 400, "{focus}: {lines} lines");
    }
}

#[test]
fn otp_app_with_a_prd_without_timeline() {
    let rendered = render("otp_app", Some(otp_app_prd()), None, None);
    check_golden("otp_app-prd", &rendered.markdown);
}
