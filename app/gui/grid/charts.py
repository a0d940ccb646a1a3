"""Two small charts drawn with QPainter: cost structure by block, cumulated costs against avoided costs."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain.chart_palette import CUMULATED_AVOIDED_COLOR, CUMULATED_COSTS_COLOR, palette_color
from app.domain.formats import format_money


class _Chart(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 11)

    def _frame(self, painter: QPainter) -> QRectF:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line = self.fontMetrics().lineSpacing()
        painter.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        return QRectF(4, line * 1.5, self.width() - 8, self.height() - line * 2)


class CostStructureChart(_Chart):
    """Horizontal bars: the cost of each block over the horizon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Structure des coûts sur l'horizon"), parent)
        self.values: list[tuple[str, Decimal]] = []
        self.colors: list[str] = []

    def set_values(self, values: list[tuple[str, Decimal]], colors: list[str] | None = None) -> None:
        """One bar per (label, amount); `colors` (hex, from `app.domain.chart_palette`) default to the palette's
        order, as the dossier's charts take it."""
        self.values = values
        self.colors = colors or [palette_color(n) for n in range(len(values))]
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.values:
            return
        line = self.fontMetrics().lineSpacing()
        label_width = max(self.fontMetrics().horizontalAdvance(label) for label, _ in self.values) + 8
        value_width = self.fontMetrics().horizontalAdvance("000 000 000,00 €") + 8
        biggest = max((value for _, value in self.values), default=Decimal(0)) or Decimal(1)
        bar_area = max(area.width() - label_width - value_width, 10)
        step = min(area.height() / len(self.values), line * 2)
        for n, (label, value) in enumerate(self.values):
            top = area.top() + n * step
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(area.left(), top, label_width, step), Qt.AlignmentFlag.AlignVCenter, label)
            width = float(value / biggest) * bar_area if value > 0 else 0
            bar = QRectF(area.left() + label_width, top + step * 0.2, width, step * 0.6)
            painter.fillRect(bar, QColor(self.colors[n]))
            painter.drawText(QRectF(area.left() + label_width + width + 4, top, value_width, step),
                             Qt.AlignmentFlag.AlignVCenter, format_money(value))


class CumulatedChart(_Chart):
    """Two lines over the years: cumulated costs (set-up included) and cumulated avoided costs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Coûts cumulés et coûts évités cumulés"), parent)
        self.costs: tuple[Decimal, ...] = ()
        self.avoided: tuple[Decimal, ...] = ()

    def set_values(self, costs: tuple[Decimal, ...], avoided: tuple[Decimal, ...]) -> None:
        self.costs, self.avoided = costs, avoided
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self._frame(painter)
        if not self.costs:
            return
        metrics = self.fontMetrics()
        left_margin = metrics.horizontalAdvance("000 000 000 €") + 6
        plot = QRectF(area.left() + left_margin, area.top(), area.width() - left_margin - 8,
                      area.height() - metrics.lineSpacing() * 2.5)
        top_value = max([*self.costs, *self.avoided, Decimal(1)])
        text_pen = QPen(self.palette().text().color())
        painter.setPen(QPen(QColor("#999999")))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.setPen(text_pen)
        painter.drawText(QRectF(area.left(), plot.top() - metrics.height() / 2, left_margin - 4, metrics.height()),
                         Qt.AlignmentFlag.AlignRight, format_money(top_value, 0))
        count = len(self.costs)

        def point(index: int, value: Decimal) -> QPointF:
            x = plot.left() + (plot.width() * (index + 1) / count if count else 0)
            y = plot.bottom() - float(value / top_value) * plot.height()
            return QPointF(x, y)

        for n in range(count):
            x = point(n, Decimal(0)).x()
            painter.drawText(QRectF(x - 30, plot.bottom() + 2, 60, metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignHCenter, self.tr("an {0}").format(n + 1))
        costs_color, avoided_color = QColor(CUMULATED_COSTS_COLOR), QColor(CUMULATED_AVOIDED_COLOR)
        for series, color in ((self.costs, costs_color), (self.avoided, avoided_color)):
            path = QPainterPath(QPointF(plot.left(), plot.bottom()))
            for n, value in enumerate(series):
                path.lineTo(point(n, value))
            painter.setPen(QPen(color, 2.5))
            painter.drawPath(path)
        legend_y = area.bottom() - metrics.lineSpacing()
        x = plot.left()
        for color, name in ((costs_color, self.tr("Coûts cumulés")), (avoided_color, self.tr("Coûts évités cumulés"))):
            painter.fillRect(QRectF(x, legend_y + 4, 14, 8), color)
            painter.setPen(text_pen)
            painter.drawText(QPointF(x + 18, legend_y + metrics.ascent()), name)
            x += metrics.horizontalAdvance(name) + 40
