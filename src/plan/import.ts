/** The plan importer (`duban plan import`); the reader lives in ./import/. */
export { importPlanDocument } from "./import/index";
