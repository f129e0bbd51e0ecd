/** The one stylesheet of the public pages (about 1 KB): logical properties, so right-to-left just works. */
export const publicCss = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:#111;background:#fff}
main{max-width:40rem;margin-inline:auto;padding:1rem}
h1{font-size:1.5rem;margin-block:0.5rem}
.langs{padding:0.5rem 1rem;background:#f2f2f2;font-size:0.95rem}
.langs a,.langs strong{margin-inline-end:0.75rem}
label,legend{display:block;font-weight:600;margin-block-start:1rem}
.hint{color:#444;font-size:0.9rem;margin:0.25rem 0}
textarea,input[type=text],input[type=tel],select{width:100%;font:inherit;padding:0.6rem;border:2px solid #555;border-radius:4px}
textarea{min-height:8rem}
fieldset{border:0;padding:0;margin:0}
.choice{display:flex;gap:0.5rem;align-items:center;font-weight:400;margin-block-start:0.4rem}
button{margin-block-start:1.5rem;width:100%;padding:0.9rem;font:inherit;font-weight:700;color:#fff;background:#b00020;border:0;border-radius:4px}
button:focus,a:focus,textarea:focus,input:focus,select:focus{outline:3px solid #1a5fb4;outline-offset:2px}
.danger{background:#fff4e5;border-inline-start:4px solid #b35c00;padding:0.5rem 0.75rem}
.error{background:#fdecea;border-inline-start:4px solid #b00020;padding:0.5rem 0.75rem}
.ref{font-size:1.75rem;font-weight:700;letter-spacing:0.05em;direction:ltr;unicode-bidi:isolate}
.small{font-size:0.85rem;color:#444}
.hp{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}
`;
