package org.renfort.gateway.api.rest;

/** A request body or parameter the gateway cannot even translate; names the field. */
public class InvalidInput extends RuntimeException {
    public InvalidInput(String field, String message) {
        super(field + ": " + message, null, false, false);
    }
}
