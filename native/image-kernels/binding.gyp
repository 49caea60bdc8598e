{
  "targets": [
    {
      "target_name": "image_kernels",
      "sources": ["src/kernels.c"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-fast-math"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3", "-ffp-contract=off"] },
      "msvs_settings": { "VCCLCompilerTool": { "Optimization": 2, "FloatingPointModel": 0 } }
    }
  ]
}
