Code.require_file("support/host.exs", __DIR__)
ExUnit.start()
