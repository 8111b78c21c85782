package org.renfort.servicekit;

import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.renfort.kernel.Caller;
import org.renfort.kernel.HospitalId;
import org.renfort.kernel.InvalidArgumentException;
import org.renfort.kernel.PermissionDeniedException;
import org.renfort.kernel.Role;

import java.security.Principal;
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
        Optional<String> hospitalClaim = claim(identity.getPrincipal(), HOSPITAL_CLAIM);
        if (hospitalClaim.isPresent()) {
            try {
                hospital = Optional.of(new HospitalId(hospitalClaim.get()));
            } catch (InvalidArgumentException malformed) {
                throw new PermissionDeniedException("the token's hospital_id claim is not a FINESS number");
            }
        }
        Optional<String> dispatchCenter = claim(identity.getPrincipal(), DISPATCH_CENTER_CLAIM);
        if (dispatchCenter.isPresent() && !DISPATCH_CENTER.matcher(dispatchCenter.get()).matches()) {
            throw new PermissionDeniedException("the token's dispatch_center claim is not a dispatch centre's name");
        }
        return new Caller(identity.getPrincipal().getName(), roles, hospital, RequestIds.of(identity), dispatchCenter);
    }

    /** A claim of the verified token, as text. */
    private static Optional<String> claim(Principal principal, String name) {
        if (principal instanceof OidcJwtCallerPrincipal oidc) {
            // From the verified claims themselves: JsonWebToken.getClaim and containsClaim first look a
            // custom claim's name up among the standard ones with Enum.valueOf, and pay an exception with
            // its stack trace each time - 4 % of capacity-service's CPU per report, profiled.
            return Optional.ofNullable(oidc.getClaims().getClaimValue(name)).map(String::valueOf);
        }
        if (principal instanceof JsonWebToken token && token.getClaimNames().contains(name)) {
            Object claim = token.getClaim(name);
            return Optional.of(claim instanceof JsonString json ? json.getString() : String.valueOf(claim));
        }
        return Optional.empty();
    }
}
