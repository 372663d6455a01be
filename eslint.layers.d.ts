import type { Linter } from "eslint";

/** The layer rules of eslint.layers.js (see there). */
export declare const layerRules: Linter.Config[];
