[
  inputs: ["{mix,.formatter}.exs", "{lib,test,script}/**/*.{ex,exs}"],
  # Fixture and example hosts are copies of other people's code: keep them as written.
  import_deps: []
]
