package org.seqlab;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import org.seqlab.text.TextInput;

/**
 * Reads JSON config files into config records, with errors a user can act on: one line {@code FILE:LINE:COLUMN:
 * problem} in plain words (an unknown field with the known ones, a value of the wrong kind, a JSON syntax error, a
 * value the record refuses), located with Jackson's path and location instead of Jackson's own messages, which name
 * Java classes and are cut at the first line.
 *
 * <p>Stricter than Jackson's defaults where those would hide a typo: a number with a fraction is not a whole number,
 * a field given twice and anything after the top-level value are errors.
 */
public final class ConfigFiles {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\[Source: [^\\]]*?; (line: [^\\]]*)\\]");

    private ConfigFiles() {
    }

    /**
     * The config in {@code file} (UTF-8 JSON).
     *
     * @throws SeqlabException naming the file, and the line and column where known, if the file cannot be read or
     *                         does not hold a valid config of this type
     */
    public static <T> T read(Path file, Class<T> type) {
        String text;
        try {
            text = TextInput.readUtf8(file);
        } catch (NoSuchFileException e) {
            throw new SeqlabException(file + ": no such file");
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read: " + (Files.isDirectory(file) ? "is a directory"
                    : e.getMessage()));
        }
        return parse(text, file.toString(), type);
    }

    /** As {@link #read}, from text; {@code source} names it in messages. */
    public static <T> T parse(String text, String source, Class<T> type) {
        if (text.isBlank()) {
            throw new SeqlabException(source + ": empty file: a config is a JSON object, at least {}");
        }
        try (JsonParser parser = JSON.createParser(text)) {
            T value = JSON.readValue(parser, type);
            if (parser.nextToken() != null) {
                throw located(source, parser.currentTokenLocation(),
                        "JSON syntax error: more text after the end of the config (a config is one JSON object)");
            }
            return value;
        } catch (JsonMappingException e) {
            StreamReadException syntax = syntaxError(e);
            if (syntax != null) {
                throw located(source, syntax.getLocation(), "JSON syntax error: " + plain(syntax.getOriginalMessage()));
            }
            throw mappingError(e, text, source);
        } catch (StreamReadException e) {
            throw located(source, e.getLocation(), "JSON syntax error: " + plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SeqlabException(source + ": " + e.getMessage());
        }
    }

    private static SeqlabException located(String source, JsonLocation at, String problem) {
        String where = at == null || at.getLineNr() < 1 ? source
                : source + ":" + at.getLineNr() + ":" + Math.max(1, at.getColumnNr());
        return new SeqlabException(where + ": " + problem);
    }

    /**
     * Jackson's message with its own location references ({@code [Source: REDACTED (...); line: 1, column: 3]}) cut
     * down to {@code line 1, column 3}: the message already starts with the file's name and the place.
     */
    static String plain(String jacksonMessage) {
        return jacksonMessage == null ? "" : SOURCE_REFERENCE.matcher(jacksonMessage.lines().findFirst().orElse(""))
                .replaceAll("$1");
    }

    /** The JSON syntax error a mapping error stands for (Jackson wraps those met inside nested objects), or null. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamReadException s && !(t instanceof JsonMappingException)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The problem in words, located at the field concerned: Jackson locates some problems where it noticed them (an
     * unknown field, or a value a record refuses, at the end of the enclosing object), not where they are.
     */
    private static SeqlabException mappingError(JsonMappingException e, String text, String source) {
        List<String> path = fieldPath(e);
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> parent = path.subList(0, Math.max(0, path.size() - 1));
            TreeSet<String> known = new TreeSet<>();
            Collection<Object> ids = u.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(id -> known.add(String.valueOf(id)));
            }
            return located(source, locationOr(find(text, path), e), "unknown field \"" + u.getPropertyName() + "\""
                    + (parent.isEmpty() ? "" : " in " + quoted(parent)) + " (known: " + String.join(", ", known) + ")");
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            // a record refused its values (its own checks, or an enum's parser), and its message says which and why;
            // where the message starts with a field of the record, that field is the place to point at
            String message = cause.getMessage();
            String firstWord = message.split("[^A-Za-z0-9_]", 2)[0];
            List<String> fieldPath = new ArrayList<>(path);
            fieldPath.add(firstWord);
            Found field = firstWord.isEmpty() ? null : find(text, fieldPath);
            Found at = field != null ? field : find(text, path);
            return located(source, locationOr(at, e), (path.isEmpty() ? "" : quoted(path) + ": ") + message);
        }
        Found at = find(text, path);
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String what = path.isEmpty() ? "the config" : quoted(path);
            return located(source, locationOr(at, e), what + " must be " + kindOf(m.getTargetType())
                    + (at == null ? "" : ", not " + at.value()));
        }
        String original = e.getOriginalMessage();
        return located(source, locationOr(at, e), (path.isEmpty() ? "" : quoted(path) + ": ")
                + (original == null ? "invalid value" : original.lines().findFirst().orElse("invalid value")));
    }

    private static JsonLocation locationOr(Found found, JsonMappingException e) {
        return found != null ? found.at() : e.getLocation();
    }

    private static List<String> fieldPath(JsonMappingException e) {
        List<String> names = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            names.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
        }
        return names;
    }

    private static String quoted(List<String> path) {
        return "\"" + String.join(".", path).replace(".[", "[") + "\"";
    }

    /** Where a field is in the text (its name, or the value itself at the top level) and its value in words. */
    private record Found(JsonLocation at, String value) {
    }

    /**
     * Finds the field at {@code path} (names, or {@code [index]} in lists) by reading the text again token by token;
     * the empty path is the top-level value. Null if it is not there.
     */
    private static Found find(String text, List<String> path) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (path.isEmpty()) {
                return t == null ? null : new Found(p.currentTokenLocation(), valueInWords(p, t));
            }
            for (int depth = 0; ; depth++) {
                String wanted = path.get(depth);
                JsonLocation at = null;
                if (t == JsonToken.START_OBJECT) {
                    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                        boolean match = p.currentName().equals(wanted);
                        at = p.currentTokenLocation();
                        t = p.nextToken();
                        if (match) {
                            break;
                        }
                        p.skipChildren();
                        at = null;
                    }
                } else if (t == JsonToken.START_ARRAY) {
                    int index = 0;
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                        if (wanted.equals("[" + index + "]")) {
                            at = p.currentTokenLocation();
                            break;
                        }
                        p.skipChildren();
                        index++;
                    }
                }
                if (at == null) {
                    return null;
                }
                if (depth == path.size() - 1) {
                    return new Found(at, valueInWords(p, t));
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** A value as it reads in the file; objects and lists by their kind. */
    private static String valueInWords(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            default -> p.getText();
        };
    }

    /** What a value of {@code type} looks like, in words. */
    private static String kindOf(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(c.toString());
            }
            return "one of " + String.join(", ", names);
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list [...]";
        }
        List<String> fields = new ArrayList<>();
        for (BeanPropertyDefinition d : JSON.getDeserializationConfig().introspect(JSON.constructType(type))
                .findProperties()) {
            if (d.hasConstructorParameter() || d.hasSetter() || d.hasField()) {
                fields.add(d.getName());
            }
        }
        return fields.isEmpty() ? "an object {...}" : "an object like {\"" + fields.get(0) + "\": ...} (fields: "
                + String.join(", ", fields) + ")";
    }
}
