package org.planetlab.api.rspec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.planetlab.api.error.PlanetLabException;

/**
 * The JSON form of an {@link Rspec}: one member per attribute (string or number), plus
 * {@code keys} (array of strings), {@code authority}, {@code authority_cert} (the authority's XML
 * certificate, or a PEM X.509 certificate), {@code authority_url} and {@code authority_ca} (PEM).
 */
public final class RspecWire {
    private static final int MAX_CERTIFICATE = 65_536;

    private RspecWire() {}

    public static Map<String, Object> toWire(Rspec rspec) {
        Map<String, Object> wire = new LinkedHashMap<>();
        rspec.attributes().forEach((attribute, value) -> wire.put(attribute.attributeName(), value));
        if (!rspec.keys().isEmpty()) {
            wire.put("keys", rspec.keys());
        }
        if (!rspec.authority().isEmpty()) {
            wire.put("authority", rspec.authority());
        }
        if (!rspec.authorityCertificate().isEmpty()) {
            wire.put("authority_cert", rspec.authorityCertificate());
        }
        if (!rspec.authorityUrl().isEmpty()) {
            wire.put("authority_url", rspec.authorityUrl());
        }
        if (!rspec.authorityCa().isEmpty()) {
            wire.put("authority_ca", rspec.authorityCa());
        }
        return wire;
    }

    public static Rspec fromWire(Object value) {
        if (value == null) {
            return Rspec.EMPTY;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw PlanetLabException.invalidArgument("rspec must be an object of attribute names to values");
        }
        Map<RspecAttribute, String> attributes = new LinkedHashMap<>();
        List<String> keys = List.of();
        String authority = "";
        String certificate = "";
        String url = "";
        String ca = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Object member = entry.getValue();
            switch (name) {
                case "keys" -> keys = stringList(member);
                case "authority" -> authority = text(name, member);
                case "authority_cert" -> {
                    certificate = text(name, member);
                    boolean pem = certificate.contains("-----BEGIN CERTIFICATE-----");
                    boolean xml = certificate.stripLeading().startsWith("<certificate") || certificate.stripLeading().startsWith("<?xml");
                    if (certificate.length() > MAX_CERTIFICATE || (!certificate.isEmpty() && !pem && !xml)) {
                        throw PlanetLabException.invalidArgument("authority_cert must be the authority's XML certificate or one PEM"
                                + " certificate, of at most " + MAX_CERTIFICATE + " characters");
                    }
                }
                case "authority_url" -> url = text(name, member);
                case "authority_ca" -> {
                    ca = text(name, member);
                    if (ca.length() > MAX_CERTIFICATE || (!ca.isEmpty() && !ca.contains("-----BEGIN CERTIFICATE-----"))) {
                        throw PlanetLabException.invalidArgument("authority_ca must be PEM certificates of at most " + MAX_CERTIFICATE
                                + " characters");
                    }
                }
                default -> {
                    RspecAttribute attribute = RspecAttribute.lookup(name).orElseThrow(() -> PlanetLabException.invalidArgument(
                            "unknown RSpec attribute '" + Rspec.abbreviate(name) + "'"));
                    attributes.put(attribute, attribute.canonical(scalar(name, member)));
                }
            }
        }
        return new Rspec(attributes, keys, authority, certificate, url, ca);
    }

    private static String scalar(String name, Object member) {
        if (member instanceof String || member instanceof Long || member instanceof Integer || member instanceof Boolean) {
            return String.valueOf(member);
        }
        throw PlanetLabException.invalidArgument("RSpec attribute " + name + " must be a string or a whole number");
    }

    private static String text(String name, Object member) {
        if (!(member instanceof String string)) {
            throw PlanetLabException.invalidArgument(name + " must be a string");
        }
        return string;
    }

    private static List<String> stringList(Object member) {
        if (!(member instanceof List<?> list)) {
            throw PlanetLabException.invalidArgument("keys must be an array of strings");
        }
        List<String> keys = new ArrayList<>();
        for (Object element : list) {
            keys.add(text("each key", element));
        }
        return keys;
    }
}
