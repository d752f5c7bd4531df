package kz.qazeta.hub.border;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import kz.qazeta.hub.border.BorderCertificate.Crossing;
import kz.qazeta.hub.border.BorderCertificate.Holder;
import kz.qazeta.hub.exchange.FrontDoorReplies;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The printable certificate: an A4 PDF with every heading in Kazakh, Russian and English (the texts are in the
 * {@code routes/border-certificate/texts}, {@code border-certificate.pdf.*}), the holder, the period, the crossings, and a QR
 * code of the verification link. The font, DejaVu Sans, is bundled under {@code fonts/dejavu} (with its licence)
 * and embedded, so Kazakh letters (ә ғ қ ң ө ұ ү һ і) print on any machine.
 */
@Component
public class BorderCertificatePdf {

    private static final List<Locale> LANGUAGES = List.of(Locale.forLanguageTag("kk"), Locale.forLanguageTag("ru"),
            Locale.ENGLISH);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final float MARGIN = 50;
    private static final float QR_SIZE = 110;
    private static final float[] COLUMNS = {MARGIN, MARGIN + 125, MARGIN + 245};

    private final FrontDoorReplies texts;
    private final byte[] regular;
    private final byte[] bold;

    public BorderCertificatePdf(FrontDoorReplies texts) {
        this.texts = texts;
        this.regular = font("fonts/dejavu/DejaVuSans.ttf");
        this.bold = font("fonts/dejavu/DejaVuSans-Bold.ttf");
    }

    public byte[] render(BorderCertificate certificate, String verificationUrl) {
        try (PDDocument document = new PDDocument(); TrueTypeFont regularFont = font(regular);
             TrueTypeFont boldFont = font(bold)) {
            var info = document.getDocumentInformation();
            info.setTitle(heading("title") + " " + certificate.id());
            info.setCreator("QazETA Integration Hub");
            info.setCreationDate(GregorianCalendar.from(certificate.issuedAt().atZone(BorderCertificate.ASTANA)));
            Writer writer = new Writer(document, PDType0Font.load(document, regularFont, true),
                    PDType0Font.load(document, boldFont, true));
            write(writer, document, certificate, verificationUrl);
            writer.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render border certificate " + certificate.id(), e);
        }
    }

    private void write(Writer w, PDDocument document, BorderCertificate c, String verificationUrl) throws IOException {
        PDImageXObject qr = LosslessFactory.createFromImage(document, qr(verificationUrl));
        w.stream.drawImage(qr, w.page.getMediaBox().getWidth() - MARGIN - QR_SIZE, w.y - QR_SIZE + 12, QR_SIZE, QR_SIZE);
        float textWidth = w.page.getMediaBox().getWidth() - 2 * MARGIN - QR_SIZE - 10;
        for (String line : trilingual("state")) {
            w.line(w.regular, 9, MARGIN, line, textWidth);
        }
        w.space(6);
        for (String line : trilingual("title")) {
            w.line(w.bold, 13, MARGIN, line, textWidth);
        }
        w.space(8);
        w.line(w.regular, 9, MARGIN, heading("number") + ": " + c.id(), textWidth);
        w.line(w.regular, 9, MARGIN, heading("issued") + ": "
                + WHEN.format(c.issuedAt().atZone(BorderCertificate.ASTANA)) + " (Astana)", textWidth);
        w.y = Math.min(w.y, w.top - QR_SIZE - 20);

        section(w, "holder");
        Holder h = c.holder();
        field(w, "surname", h.surname());
        field(w, "given-names", h.givenNames());
        field(w, "date-of-birth", h.dateOfBirth().toString());
        field(w, "nationality", h.nationality());
        field(w, "document", h.documentType() + " " + h.documentNumber() + " (" + h.issuingCountry() + ")");
        field(w, "period", c.periodFrom() + " — " + c.periodTo());

        section(w, "crossings");
        if (c.crossings().isEmpty()) {
            for (String line : trilingual("none")) {
                w.line(w.regular, 10, MARGIN, line, w.width());
            }
        } else {
            tableHeader(w);
            for (Crossing crossing : c.crossings()) {
                List<String> place = wrap(w.regular, 9, crossing.checkpointName() + " (" + crossing.checkpointCode() + ")",
                        w.right() - COLUMNS[2]);
                if (w.y - 12 * place.size() < MARGIN + 60) {
                    w.newPage();
                    tableHeader(w);
                }
                float y = w.y;
                w.text(w.regular, 9, COLUMNS[0], y, WHEN.format(crossing.at().atZone(BorderCertificate.ASTANA)));
                w.text(w.regular, 9, COLUMNS[1], y, heading(crossing.direction().name()));
                for (String part : place) {
                    w.text(w.regular, 9, COLUMNS[2], w.y, part);
                    w.y -= 12;
                }
                w.y -= 2;
            }
        }

        if (w.y < MARGIN + 90) {
            w.newPage();
        }
        section(w, "verification");
        w.line(w.bold, 11, MARGIN, c.verificationCode(), w.width());
        for (String line : trilingual("verify-hint")) {
            w.line(w.regular, 8, MARGIN, line, w.width());
        }
        w.line(w.regular, 8, MARGIN, verificationUrl, w.width());
    }

    private void section(Writer w, String key) throws IOException {
        w.space(10);
        w.line(w.bold, 10, MARGIN, String.join(" / ", trilingual(key)), w.width());
        w.space(2);
    }

    private void field(Writer w, String key, String value) throws IOException {
        w.line(w.regular, 8, MARGIN, String.join(" / ", trilingual(key)), w.width());
        w.line(w.bold, 10, MARGIN + 10, value == null || value.isBlank() ? "—" : value, w.width() - 10);
        w.space(2);
    }

    private void tableHeader(Writer w) throws IOException {
        float y = w.y;
        String[] keys = {"when", "direction", "checkpoint"};
        float lowest = y;
        for (int i = 0; i < keys.length; i++) {
            float width = (i + 1 < COLUMNS.length ? COLUMNS[i + 1] : w.right()) - COLUMNS[i] - 6;
            float ty = y;
            for (String line : trilingual(keys[i])) {
                for (String part : wrap(w.bold, 7, line, width)) {
                    w.text(w.bold, 7, COLUMNS[i], ty, part);
                    ty -= 9;
                }
            }
            lowest = Math.min(lowest, ty);
        }
        w.y = lowest - 4;
    }

    private List<String> trilingual(String key) {
        return LANGUAGES.stream().map(locale -> texts.text("border-certificate.pdf." + key, new Object[0], locale)).toList();
    }

    private String heading(String key) {
        return String.join(" / ", trilingual(key));
    }

    private static List<String> wrap(PDFont font, float size, String text, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private static BufferedImage qr(String url) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 220, 220,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
                }
            }
            return image;
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode the verification link as a QR code", e);
        }
    }

    /**
     * The font as PDFBox embeds it, without glyph substitution: no ligatures, so an id, a code or a link prints (and
     * copies) letter by letter ("ff" in a certificate id stays two letters).
     */
    private static TrueTypeFont font(byte[] ttf) throws IOException {
        TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(ttf));
        font.setEnableGsub(false);
        return font;
    }

    private static byte[] font(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the certificate's font " + path + " is missing", e);
        }
    }

    /** Writes lines down the page, opening a new page when one is full. */
    private static final class Writer {

        private final PDDocument document;
        private final PDFont regular;
        private final PDFont bold;
        private PDPage page;
        private PDPageContentStream stream;
        private float top;
        private float y;

        Writer(PDDocument document, PDFont regular, PDFont bold) throws IOException {
            this.document = document;
            this.regular = regular;
            this.bold = bold;
            newPage();
        }

        float right() {
            return page.getMediaBox().getWidth() - MARGIN;
        }

        float width() {
            return right() - MARGIN;
        }

        void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            top = page.getMediaBox().getHeight() - MARGIN;
            y = top;
        }

        void line(PDFont font, float size, float x, String text, float width) throws IOException {
            for (String part : wrap(font, size, text, width)) {
                if (y < MARGIN + size) {
                    newPage();
                }
                text(font, size, x, y, part);
                y -= size + 4;
            }
        }

        void text(PDFont font, float size, float x, float at, String text) throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, at);
            stream.showText(text);
            stream.endText();
        }

        void space(float points) {
            y -= points;
        }

        void close() throws IOException {
            stream.close();
        }
    }
}
