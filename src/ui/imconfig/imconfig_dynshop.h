// Dear ImGui build configuration for the app (IMGUI_USER_CONFIG).
#pragma once
// 32-bit indices: WebGL2 draws them natively and a long product grid never needs VtxOffset.
#define ImDrawIdx unsigned int
#define IMGUI_DISABLE_WIN32_FUNCTIONS
