// Workers build only (wrangler.toml [alias]): exceljs and docx resolve to this module, so those libraries (1.5 MB
// and more) stay out of the Worker bundle. /export and .docx documents need the Node service; on Workers the
// first use fails with this message.
throw new Error("xlsx and .docx generation are not available on Cloudflare Workers; run the Node service");
