{
  "variables": {
    "albert_blas%": "builtin"
  },
  "targets": [
    {
      "target_name": "albert_native",
      "sources": [
        "native/addon.cc",
        "native/cpu.cc",
        "native/sgemm.cc",
        "native/isa/baseline.cc",
        "native/isa/avx2.cc",
        "native/isa/avx512.cc",
        "native/pool.cc",
        "native/gemm.cc",
        "native/unary.cc",
        "native/binary.cc",
        "native/reduce.cc",
        "native/transpose.cc",
        "native/norm.cc",
        "native/attention.cc",
        "native/adamw.cc",
        "native/gather.cc",
        "native/xent.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-ffp-contract=off"],
      "conditions": [
        ["OS=='linux'", {
          "libraries": ["-lpthread"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno", "-ffp-contract=off"]
          }
        }],
        ["OS=='win'", {
          "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
        }],
        ["albert_blas=='openblas' and OS!='win'", {
          "defines": ["ALBERT_OPENBLAS"],
          "include_dirs": ["/usr/include/openblas", "/usr/include/x86_64-linux-gnu", "/usr/include/aarch64-linux-gnu"],
          "libraries": ["-lopenblas"]
        }],
        ["albert_blas=='openblas' and OS=='win'", {
          "defines": ["ALBERT_OPENBLAS"],
          "libraries": ["openblas.lib"]
        }],
        ["albert_blas=='accelerate' and OS=='mac'", {
          "defines": ["ALBERT_ACCELERATE", "ACCELERATE_NEW_LAPACK"],
          "libraries": ["-framework Accelerate"]
        }]
      ]
    }
  ]
}
