// Workers build only (wrangler.toml [alias]): exceljs stands in for this module, so the 1.5 MB library stays out
// of the Worker bundle. /export needs the Node service; on Workers the first export fails with this message.
throw new Error("xlsx export is not available on Cloudflare Workers; run the Node service for /export");
