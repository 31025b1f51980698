[
  # test/fixtures holds copies of other people's projects: keep them as written
  # (Elixir 1.14's formatter has no exclusions, so test/ is listed by directory).
  inputs: [
    "{mix,.formatter}.exs",
    "{lib,script}/**/*.{ex,exs}",
    "test/*.{ex,exs}",
    "test/{e2e,mix,otp_plan,support}/**/*.{ex,exs}"
  ],
  import_deps: []
]
