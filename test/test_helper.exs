Code.require_file("support/host.exs", __DIR__)
Code.require_file("support/package.exs", __DIR__)
ExUnit.start()
