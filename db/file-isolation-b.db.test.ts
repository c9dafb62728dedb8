import { defineFileIsolationProbe } from "./file-isolation";

defineFileIsolationProbe();
