Code.require_file("support/host.exs", __DIR__)
Code.require_file("support/facts_json.exs", __DIR__)
Code.require_file("support/fixture_projects.exs", __DIR__)
ExUnit.start()
