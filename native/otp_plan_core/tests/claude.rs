//! CLAUDE.md → ClaudeMd.

use otp_plan_core::prd::{self, ClaudeMd, Located};

/// `text` at `line` of CLAUDE.md.
fn at(text: &str, line: usize) -> Located {
    Located {
        text: text.to_string(),
        file: "CLAUDE.md".into(),
        line,
    }
}

fn text(located: &Option<Located>) -> Option<&str> {
    located.as_ref().map(|l| l.text.as_str())
}

fn texts(located: &[Located]) -> Vec<&str> {
    located.iter().map(|l| l.text.as_str()).collect()
}

fn commands(items: &[(&str, usize)]) -> Vec<Located> {
    items.iter().map(|&(text, line)| at(text, line)).collect()
}

#[test]
fn example_shop_claude_md() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/shop/CLAUDE.md");
    let claude = prd::parse_claude(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(
        claude,
        ClaudeMd {
            title: Some("Shop".into()),
            project_type: Some(at("Web application", 4)),
            primary_language: Some(at("Elixir", 5)),
            framework: Some(at("Phoenix LiveView", 6)),
            architecture: Some(at("Phoenix contexts over an OTP supervision tree", 7)),
            database: Some(at("PostgreSQL", 8)),
            purpose: Some(at(
                "A storefront for independent retailers that survives flash drops.",
                13
            )),
            key_features: vec![
                at("Live catalogue with real-time stock", 16),
                at("Carts as supervised processes", 17),
                at("Checkout through Oban jobs", 18)
            ],
            target_users: Some(at("Small retailers running limited releases.", 21)),
            commands: commands(&[
                ("mix setup", 26),
                ("mix phx.server", 27),
                ("mix test", 33),
                ("mix credo --strict", 34)
            ]),
            tools: vec![at("Credo", 34)],
            conventions: vec![
                at(
                    "Keep business logic in contexts; LiveViews only call context functions.",
                    38
                ),
                at(
                    "Every process is started under a supervisor; no bare spawn.",
                    39
                )
            ],
            summary: "read CLAUDE.md: type \"Web application\", framework Phoenix LiveView, \
                      database PostgreSQL, 4 commands"
                .into(),
        }
    );
}

#[test]
fn free_form_claude_md() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/prd/CLAUDE_freeform.md"
    );
    let claude = prd::parse_claude_named("docs/CLAUDE.md", &std::fs::read(path).unwrap()).unwrap();
    assert_eq!(claude.title, None);
    assert_eq!(claude.project_type, None);
    assert_eq!(
        claude.summary,
        format!(
            "read docs/CLAUDE.md: no project type, framework or database stated, {} commands",
            claude.commands.len()
        )
    );
    assert_eq!(
        texts(&claude.conventions),
        (&[
            "Run mix format before committing",
            "Prefer pattern matching over if"
        ])
    );
    assert_eq!(
        texts(&claude.tools),
        (&["Sobelow for security checks", "mix format", "Sobelow"])
    );
    assert_eq!(
        texts(&claude.commands),
        ["mix format", "mix deps.get", "iex -S mix phx.server"]
    );
}

#[test]
fn type_framework_and_database_as_stated_and_inline_commands() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/prd/CLAUDE_stack.md"
    );
    let claude = prd::parse_claude(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(text(&claude.project_type), Some("file sync service"));
    // Named tools, never a sentence such as "Complete test suite with fixtures".
    assert_eq!(text(&claude.framework), Some("Phoenix LiveView"));
    assert_eq!(text(&claude.database), Some("PostgreSQL"));
    assert_eq!(
        claude.commands,
        commands(&[
            ("mix test --cover", 11),
            ("mix format", 11),
            ("mix setup", 14),
            ("mix phx.server", 15)
        ])
    );
}

fn claude_fixture(name: &str) -> ClaudeMd {
    let path = format!("{}/tests/fixtures/prd/{name}", env!("CARGO_MANIFEST_DIR"));
    prd::parse_claude(&std::fs::read(path).unwrap()).unwrap()
}

/// The CLAUDE.md shapes of issue 9: a type stated by `X is a …` under any
/// heading, the framework the file calls one, an inline command wrapped
/// onto the next line.
#[test]
fn type_anywhere_framework_called_so_and_wrapped_commands() {
    let claude = claude_fixture("CLAUDE_wrapped.md");
    assert_eq!(text(&claude.project_type), Some("single Phoenix monolith"));
    assert_eq!(text(&claude.framework), Some("TermUI"));
    assert_eq!(
        claude.commands,
        commands(&[("mix format --check-formatted", 14), ("mix test", 15)])
    );
}

#[test]
fn korean_saas_type_and_a_framework_named_only_in_a_tree() {
    let claude = prd::parse_claude(
        "# 가게\n\n## Project Overview\n\n가게는 Elixir 기반 재고 관리 SaaS입니다.\n\n## Layout\n\n```text\napps/web/  # Phoenix dashboard\n```\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(text(&claude.project_type), Some("재고 관리 SaaS"));
    assert_eq!(text(&claude.framework), Some("Phoenix"));
}

/// A type stated only by the heading that says what the project is; a
/// heading of the same shape about something else states none.
#[test]
fn type_named_by_the_heading_that_says_what_the_project_is() {
    let claude = prd::parse_claude(
        "# Mob\n\n## What mob is (beyond the UI framework)\n\nMob has two modes of use.\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(text(&claude.project_type), Some("UI framework"));
    for other in [
        "# Mob\n\n## What is a session (the Session server)\n\nOne per user.\n",
        "# Mob\n\n## What this project is\n\nThe brain of the ecosystem.\n",
    ] {
        let claude = prd::parse_claude(other.as_bytes()).unwrap();
        assert_eq!(claude.project_type, None, "{other}");
    }
}
