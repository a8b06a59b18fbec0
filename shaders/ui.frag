#version 300 es
// u_alpha_only = 1 for the font atlas (a one-channel R8 texture: a quarter of the memory of RGBA at
// the atlas sizes CJK text needs); 0 for images, which are RGBA.
precision mediump float;
uniform sampler2D u_texture;
uniform int u_alpha_only;
in vec2 v_uv;
in vec4 v_color;
out vec4 out_color;
void main() {
    vec4 t = texture(u_texture, v_uv);
    out_color = u_alpha_only == 1 ? vec4(v_color.rgb, v_color.a * t.r) : v_color * t;
}
