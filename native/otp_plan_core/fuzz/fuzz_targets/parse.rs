#![no_main]

use libfuzzer_sys::fuzz_target;

// Both entry points, on the same bytes: neither may panic on any input.
fuzz_target!(|data: &[u8]| {
    let _ = otp_plan_core::prd::parse(data);
    let _ = otp_plan_core::prd::parse_claude(data);
});
