# SHA-256 of each precompiled NIF of this version, written by
# `mix otp_plan.checksum` from the release's tarballs. Empty until a release is built.
%{}
