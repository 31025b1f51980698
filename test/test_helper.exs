Code.require_file("support/host.exs", __DIR__)
Code.require_file("support/package.exs", __DIR__)
Code.require_file("support/faults.exs", __DIR__)
Code.require_file("support/facts_json.exs", __DIR__)
Code.require_file("support/fixture_projects.exs", __DIR__)

# Fault cases that need a tmpfs mount or file permissions that bind (not as root).
exclude =
  Enum.reject(
    [
      mount: OtpPlan.Test.Faults.can_mount?(),
      permissions: OtpPlan.Test.Faults.permissions_bind?()
    ],
    &elem(&1, 1)
  )
  |> Enum.map(&{elem(&1, 0), true})

ExUnit.start(exclude: exclude)
