package com.dbadmin.backup.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The first marker of a dump: what it is, so a reader can refuse what it does not understand. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DumpHeader(int version, String id, String type, String created, String database, String serverVersion,
                         String toolVersion, String baseBackup) {
}
