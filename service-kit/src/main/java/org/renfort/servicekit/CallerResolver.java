package org.renfort.servicekit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the verified token of the current call into the domain's Caller. */
@ApplicationScoped
public class CallerResolver {
    static final String HOSPITAL_CLAIM = "hospital_id";
    static final String DISPATCH_CENTER_CLAIM = "dispatch_center";
    private static final java.util.regex.Pattern DISPATCH_CENTER = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,50}");

    public Caller resolve(SecurityIdentity identity) {
        Set<Role> roles = identity.getRoles().stream().map(Role::fromClaim).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        Optional<HospitalId> hospital = Optional.empty();
        if (identity.getPrincipal() instanceof JsonWebToken token && token.containsClaim(HOSPITAL_CLAIM)) {
            Object claim = token.getClaim(HOSPITAL_CLAIM);
            String value = claim instanceof JsonString json ? json.getString() : String.valueOf(claim);
            try {
                hospital = Optional.of(new HospitalId(value));
            } catch (InvalidArgumentException malformed) {
                throw new PermissionDeniedException("the token's hospital_id claim is not a FINESS number");
            }
        }
        Optional<String> dispatchCenter = Optional.empty();
        if (identity.getPrincipal() instanceof JsonWebToken token && token.containsClaim(DISPATCH_CENTER_CLAIM)) {
            Object claim = token.getClaim(DISPATCH_CENTER_CLAIM);
            String value = claim instanceof JsonString json ? json.getString() : String.valueOf(claim);
            if (!DISPATCH_CENTER.matcher(value).matches()) {
                throw new PermissionDeniedException("the token's dispatch_center claim is not a dispatch centre's name");
            }
            dispatchCenter = Optional.of(value);
        }
        return new Caller(identity.getPrincipal().getName(), roles, hospital, RequestIds.of(identity), dispatchCenter);
    }
}
