package org.siphint.cli;

import org.siphint.event.Role;

import picocli.CommandLine;

/** Reads {@code softphone} or {@code pbx}. */
final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
        try {
            return Role.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
